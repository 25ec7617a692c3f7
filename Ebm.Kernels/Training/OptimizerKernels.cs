using ILGPU;

namespace Ebm.Kernels.Training;

/// <summary>
/// Parameter updates on the device, one thread per parameter, after a one-thread kernel that turns the gradient's norm into
/// the clipping factor. Nothing is read back: an update whose gradient (or any earlier one) diverged, as the
/// <see cref="TrainingHealth"/> record says, leaves θ and the moments as they are.
/// </summary>
public static class OptimizerKernels
{
    /// <summary>
    /// One thread: ‖g‖ = √(Σ partials) into <paramref name="norm"/>[0], and scale[0] = min(1, clip/‖g‖); a norm that is not
    /// finite records a divergence at <paramref name="iteration"/>.
    /// </summary>
    /// <param name="thread">The only thread.</param>
    /// <param name="partials">Partial sums of squares of g.</param>
    /// <param name="norm">Receives ‖g‖ (one value).</param>
    /// <param name="scale">Receives the clipping factor (one value).</param>
    /// <param name="health">The <see cref="TrainingHealth"/> record.</param>
    /// <param name="clipNorm">The largest norm allowed; +∞ for none.</param>
    /// <param name="iteration">The 1-based iteration.</param>
    public static void ClipScale(Index1D thread, ArrayView<float> partials, ArrayView<float> norm, ArrayView<float> scale, ArrayView<int> health,
        float clipNorm, int iteration)
    {
        float squares = 0;
        for (int i = 0; i < partials.Length; i++)
            squares += partials[i];
        float value = MathF.Sqrt(squares);
        norm[0] = value;
        scale[0] = value > clipNorm ? clipNorm / value : 1;
        if (!float.IsFinite(value))
            TrainingHealth.Record(health, iteration, DivergenceCause.ParameterGradient);
    }

    /// <summary>Adam (Kingma &amp; Ba 2015) with bias correction: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η m̂/(√v̂ + ε).</summary>
    /// <param name="p">The parameter index.</param>
    /// <param name="parameters">θ, updated.</param>
    /// <param name="gradient">∇θL.</param>
    /// <param name="firstMoment">m, updated.</param>
    /// <param name="secondMoment">v, updated.</param>
    /// <param name="scale">The clipping factor (one value, from <see cref="ClipScale"/>).</param>
    /// <param name="health">The <see cref="TrainingHealth"/> record: nothing changes once it holds a divergence.</param>
    /// <param name="settings">The scalars.</param>
    public static void Adam(Index1D p, ArrayView<float> parameters, ArrayView<float> gradient, ArrayView<float> firstMoment,
        ArrayView<float> secondMoment, ArrayView<float> scale, ArrayView<int> health, AdamSettings settings)
    {
        if (TrainingHealth.Diverged(health))
            return;
        float g = scale[0] * gradient[p] + settings.WeightDecay * parameters[p];
        float m = settings.Beta1 * firstMoment[p] + (1 - settings.Beta1) * g;
        float v = settings.Beta2 * secondMoment[p] + (1 - settings.Beta2) * g * g;
        firstMoment[p] = m;
        secondMoment[p] = v;
        float mHat = m / settings.FirstBiasCorrection;
        float vHat = v / settings.SecondBiasCorrection;
        parameters[p] -= settings.LearningRate * mHat / (MathF.Sqrt(vHat) + settings.Epsilon);
    }

    /// <summary>SGD with (heavy-ball) momentum β₁: m ← β₁m + g, θ ← θ − η m.</summary>
    /// <param name="p">The parameter index.</param>
    /// <param name="parameters">θ, updated.</param>
    /// <param name="gradient">∇θL.</param>
    /// <param name="momentum">m, updated.</param>
    /// <param name="scale">The clipping factor (one value, from <see cref="ClipScale"/>).</param>
    /// <param name="health">The <see cref="TrainingHealth"/> record: nothing changes once it holds a divergence.</param>
    /// <param name="settings">LearningRate, Beta1 and WeightDecay are used.</param>
    public static void SgdMomentum(Index1D p, ArrayView<float> parameters, ArrayView<float> gradient, ArrayView<float> momentum,
        ArrayView<float> scale, ArrayView<int> health, AdamSettings settings)
    {
        if (TrainingHealth.Diverged(health))
            return;
        float g = scale[0] * gradient[p] + settings.WeightDecay * parameters[p];
        float m = settings.Beta1 * momentum[p] + g;
        momentum[p] = m;
        parameters[p] -= settings.LearningRate * m;
    }
}
