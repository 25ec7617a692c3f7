using ILGPU;

namespace Ebm.Kernels.Training;

/// <summary>Parameter updates on the device, one thread per parameter.</summary>
public static class OptimizerKernels
{
    /// <summary>Adam (Kingma &amp; Ba 2015) with bias correction: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η m̂/(√v̂ + ε).</summary>
    /// <param name="p">The parameter index.</param>
    /// <param name="parameters">θ, updated.</param>
    /// <param name="gradient">∇θL.</param>
    /// <param name="firstMoment">m, updated.</param>
    /// <param name="secondMoment">v, updated.</param>
    /// <param name="settings">The scalars.</param>
    public static void Adam(Index1D p, ArrayView<float> parameters, ArrayView<float> gradient, ArrayView<float> firstMoment,
        ArrayView<float> secondMoment, AdamSettings settings)
    {
        float g = settings.GradientScale * gradient[p] + settings.WeightDecay * parameters[p];
        float m = settings.Beta1 * firstMoment[p] + (1 - settings.Beta1) * g;
        float v = settings.Beta2 * secondMoment[p] + (1 - settings.Beta2) * g * g;
        firstMoment[p] = m;
        secondMoment[p] = v;
        float mHat = m / (1 - MathF.Pow(settings.Beta1, settings.Step));
        float vHat = v / (1 - MathF.Pow(settings.Beta2, settings.Step));
        parameters[p] -= settings.LearningRate * mHat / (MathF.Sqrt(vHat) + settings.Epsilon);
    }

    /// <summary>SGD with (heavy-ball) momentum β₁: m ← β₁m + g, θ ← θ − η m.</summary>
    /// <param name="p">The parameter index.</param>
    /// <param name="parameters">θ, updated.</param>
    /// <param name="gradient">∇θL.</param>
    /// <param name="momentum">m, updated.</param>
    /// <param name="settings">LearningRate, Beta1, GradientScale and WeightDecay are used.</param>
    public static void SgdMomentum(Index1D p, ArrayView<float> parameters, ArrayView<float> gradient, ArrayView<float> momentum, AdamSettings settings)
    {
        float g = settings.GradientScale * gradient[p] + settings.WeightDecay * parameters[p];
        float m = settings.Beta1 * momentum[p] + g;
        momentum[p] = m;
        parameters[p] -= settings.LearningRate * m;
    }
}
