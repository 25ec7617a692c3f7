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
    /// <param name="settings">The step's settings (learning rate, β₁, β₂, ε, step t, gradient scale, weight decay).</param>
    public static void Adam(AcceleratorSession session, DeviceVector<float> parameters, DeviceVector<float> gradient,
        DeviceVector<float> firstMoment, DeviceVector<float> secondMoment, AdamSettings settings)
    {
        CheckLengths(session, parameters, gradient, firstMoment, secondMoment);
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamSettings>>(
            (Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamSettings>)OptimizerKernels.Adam);
        launch(session.Accelerator.DefaultStream, (int)parameters.Length, parameters.View, gradient.View, firstMoment.View, secondMoment.View, settings);
    }

    /// <summary>One SGD step with momentum on every parameter, in place (θ, m).</summary>
    /// <param name="session">The session every buffer lives on.</param>
    /// <param name="parameters">θ.</param>
    /// <param name="gradient">g, as many values as θ.</param>
    /// <param name="momentum">m, as many values as θ.</param>
    /// <param name="settings">The step's settings (learning rate, momentum β₁, gradient scale, weight decay).</param>
    public static void SgdMomentum(AcceleratorSession session, DeviceVector<float> parameters, DeviceVector<float> gradient,
        DeviceVector<float> momentum, AdamSettings settings)
    {
        CheckLengths(session, parameters, gradient, momentum, momentum);
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamSettings>>(
            (Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamSettings>)OptimizerKernels.SgdMomentum);
        launch(session.Accelerator.DefaultStream, (int)parameters.Length, parameters.View, gradient.View, momentum.View, settings);
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
