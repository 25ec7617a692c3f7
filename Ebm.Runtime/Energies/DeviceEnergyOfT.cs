using System.Reflection;
using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Kernels;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Energies;

/// <summary>A device energy of struct type <typeparamref name="TEnergy"/>: binds the struct and launches the generic kernels for it.</summary>
/// <typeparam name="TEnergy">The energy struct the kernels are specialised for.</typeparam>
/// <param name="session">The accelerator session.</param>
/// <param name="dimension">The point dimension.</param>
public abstract class DeviceEnergy<TEnergy>(AcceleratorSession session, int dimension) : DeviceEnergy(session, dimension)
    where TEnergy : struct, IEnergy
{
    // The kernels for energies that work-groups evaluate together (GroupedLaunch), specialised per energy at launch.
    private static readonly MethodInfo GroupedEnergies = typeof(EnergyKernels).GetMethod(nameof(EnergyKernels.EnergiesInGroups))!;
    private static readonly MethodInfo GroupedGradients = typeof(EnergyKernels).GetMethod(nameof(EnergyKernels.EnergiesAndGradientsInGroups))!;

    /// <summary>The energy struct, with workspace for <paramref name="slots"/> concurrent points or chains. Call it for each launch: an energy may derive launch data from its current parameters here.</summary>
    /// <param name="slots">The number of threads that will evaluate it at once.</param>
    /// <returns>The struct to pass to a kernel.</returns>
    public abstract TEnergy Bind(int slots);

    /// <inheritdoc/>
    public override void Evaluate(DeviceMatrix<float> points, DeviceVector<float> energies)
    {
        CheckBatch(points, energies);
        if (points.Rows == 0)
            return;
        if (GroupedLaunch.TryShape<TEnergy>(Session.Kernels, points.Rows, out var config))
        {
            var grouped = Session.Kernels.GetGrouped<Action<AcceleratorStream, KernelConfig, TEnergy, ArrayView<float>, ArrayView<float>>>(
                GroupedEnergies.MakeGenericMethod(typeof(TEnergy)));
            grouped(Session.Accelerator.DefaultStream, config, Bind(GroupedLaunch.Slots(config)), points.View, energies.View);
            return;
        }
        var launch = Session.Kernels.Get<Action<AcceleratorStream, Index1D, TEnergy, ArrayView<float>, ArrayView<float>>>(
            (Action<Index1D, TEnergy, ArrayView<float>, ArrayView<float>>)EnergyKernels.Energies);
        launch(Session.Accelerator.DefaultStream, points.Rows, Bind(points.Rows), points.View, energies.View);
    }

    /// <inheritdoc/>
    public override void EvaluateWithGradient(DeviceMatrix<float> points, DeviceVector<float> energies, DeviceMatrix<float> gradients)
    {
        CheckBatch(points, energies);
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Rows != points.Rows || gradients.Columns != points.Columns)
            throw new ArgumentException($"gradients are [{gradients.Rows}, {gradients.Columns}], points [{points.Rows}, {points.Columns}]", nameof(gradients));
        if (points.Rows == 0)
            return;
        if (GroupedLaunch.TryShape<TEnergy>(Session.Kernels, points.Rows, out var config))
        {
            var grouped = Session.Kernels.GetGrouped<Action<AcceleratorStream, KernelConfig, TEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>>>(
                GroupedGradients.MakeGenericMethod(typeof(TEnergy)));
            grouped(Session.Accelerator.DefaultStream, config, Bind(GroupedLaunch.Slots(config)), points.View, energies.View, gradients.View);
            return;
        }
        var launch = Session.Kernels.Get<Action<AcceleratorStream, Index1D, TEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>>>(
            (Action<Index1D, TEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>>)EnergyKernels.EnergiesAndGradients);
        launch(Session.Accelerator.DefaultStream, points.Rows, Bind(points.Rows), points.View, energies.View, gradients.View);
    }

    /// <inheritdoc/>
    public override TResult Apply<TResult>(IEnergyOperation<TResult> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return operation.Run(this);
    }
}
