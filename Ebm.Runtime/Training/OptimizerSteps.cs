using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Training;

/// <summary>Checked launchers of the element-wise optimizer kernels (<see cref="OptimizerKernels"/>).</summary>
public static class OptimizerSteps
{
    /// <summary>One Adam step on every parameter, in place (θ, m, v).</summary>
    /// <param name="session">The session every buffer lives on.</param>
    /// <param name="parameters">θ.</param>
    /// <param name="gradient">g, as many values as θ.</param>
    /// <param name="firstMoment">m, as many values as θ.</param>
    /// <param name="secondMoment">v, as many values as θ.</param>
    /// <param name="scale">The gradient's clipping factor (one value on the device).</param>
    /// <param name="health">The <see cref="TrainingHealth"/> record: once it holds a divergence, nothing changes.</param>
    /// <param name="settings">The step's settings (learning rate, β₁, β₂, ε, step t, weight decay).</param>
    public static void Adam(AcceleratorSession session, DeviceVector<float> parameters, DeviceVector<float> gradient,
        DeviceVector<float> firstMoment, DeviceVector<float> secondMoment, ArrayView<float> scale, ArrayView<int> health, AdamSettings settings)
    {
        CheckLengths(session, parameters, gradient, firstMoment, secondMoment);
        CheckControl(scale, health);
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, AdamSettings>>(
            (Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, AdamSettings>)OptimizerKernels.Adam);
        launch(session.Accelerator.DefaultStream, (int)parameters.Length, parameters.View, gradient.View, firstMoment.View, secondMoment.View, scale, health, settings);
    }

    /// <summary>One SGD step with momentum on every parameter, in place (θ, m).</summary>
    /// <param name="session">The session every buffer lives on.</param>
    /// <param name="parameters">θ.</param>
    /// <param name="gradient">g, as many values as θ.</param>
    /// <param name="momentum">m, as many values as θ.</param>
    /// <param name="scale">The gradient's clipping factor (one value on the device).</param>
    /// <param name="health">The <see cref="TrainingHealth"/> record: once it holds a divergence, nothing changes.</param>
    /// <param name="settings">The step's settings (learning rate, momentum β₁, weight decay).</param>
    public static void SgdMomentum(AcceleratorSession session, DeviceVector<float> parameters, DeviceVector<float> gradient,
        DeviceVector<float> momentum, ArrayView<float> scale, ArrayView<int> health, AdamSettings settings)
    {
        CheckLengths(session, parameters, gradient, momentum, momentum);
        CheckControl(scale, health);
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, AdamSettings>>(
            (Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, AdamSettings>)OptimizerKernels.SgdMomentum);
        launch(session.Accelerator.DefaultStream, (int)parameters.Length, parameters.View, gradient.View, momentum.View, scale, health, settings);
    }

    /// <summary>
    /// ‖g‖ into <paramref name="norm"/> and the clipping factor min(1, clip/‖g‖) into <paramref name="scale"/>, from
    /// partial sums of squares; a norm that is not finite records a divergence at <paramref name="iteration"/>.
    /// </summary>
    /// <param name="session">The session every buffer lives on.</param>
    /// <param name="partials">Partial sums of squares of g.</param>
    /// <param name="norm">One value.</param>
    /// <param name="scale">One value.</param>
    /// <param name="health">The <see cref="TrainingHealth"/> record.</param>
    /// <param name="clipNorm">The largest norm allowed (+∞ for none).</param>
    /// <param name="iteration">The 1-based iteration.</param>
    public static void ClipScale(AcceleratorSession session, DeviceVector<float> partials, ArrayView<float> norm, ArrayView<float> scale,
        ArrayView<int> health, float clipNorm, int iteration)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(partials);
        CheckControl(scale, health);
        if (norm.Length != 1)
            throw new ArgumentException($"the norm is one value, got a view of {norm.Length}", nameof(norm));
        if (!(clipNorm > 0))
            throw new ArgumentOutOfRangeException(nameof(clipNorm), clipNorm, "the clipping norm must be > 0 (+∞ for none)");
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, float, int>>(
            (Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, float, int>)OptimizerKernels.ClipScale);
        launch(session.Accelerator.DefaultStream, 1, partials.View, norm, scale, health, clipNorm, iteration);
    }

    private static void CheckControl(ArrayView<float> scale, ArrayView<int> health)
    {
        if (scale.Length != 1)
            throw new ArgumentException($"the clipping factor is one value, got a view of {scale.Length}", nameof(scale));
        if (health.Length != TrainingHealth.Length)
            throw new ArgumentException($"the health record is {TrainingHealth.Length} ints, got {health.Length}", nameof(health));
    }

    private static void CheckLengths(AcceleratorSession session, DeviceVector<float> parameters, DeviceVector<float> gradient,
        DeviceVector<float> first, DeviceVector<float> second)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (gradient.Length != parameters.Length || first.Length != parameters.Length || second.Length != parameters.Length)
            throw new ArgumentException($"{parameters.Length} parameters need as many gradient and moment values, got {gradient.Length}, {first.Length} and {second.Length}", nameof(gradient));
    }
}
