using System.Reflection;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Kernels;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Chains;

/// <summary>
/// Launches <see cref="ChainDriver.RunInGroups{TEnergy, TTransition}"/>, where work-groups of chains evaluate the energy
/// together, whenever the energy supports it (<see cref="IGroupEnergy"/>), so does the transition (<see cref="IGroupTransition"/>)
/// and the accelerator has a chain group size (<see cref="Kernels.KernelCache.ChainGroupSize"/>).
/// </summary>
internal static class GroupedChainAdvance
{
    private static readonly MethodInfo Kernel = typeof(ChainDriver).GetMethod(nameof(ChainDriver.RunInGroups))!;

    /// <summary>Runs the grouped kernel when it applies.</summary>
    /// <typeparam name="TEnergy">The energy struct.</typeparam>
    /// <typeparam name="TTransition">The transition struct.</typeparam>
    /// <param name="energy">The energy.</param>
    /// <param name="pool">The chains.</param>
    /// <param name="transition">The transition.</param>
    /// <param name="settings">The checked launch settings.</param>
    /// <param name="draws">The draws buffer.</param>
    /// <returns>Whether it ran (else the caller runs a chain per thread).</returns>
    public static bool TryRun<TEnergy, TTransition>(DeviceEnergy<TEnergy> energy, ChainPool pool, TTransition transition, SamplerSettings settings,
        DeviceVector<float> draws)
        where TEnergy : struct, IEnergy
        where TTransition : struct, ITransition
    {
        if (!typeof(IGroupTransition).IsAssignableFrom(typeof(TTransition)) || !GroupedLaunch.TryShape<TEnergy>(energy.Session.Kernels, pool.Chains, out var config))
            return false;
        var launch = energy.Session.Kernels.GetGrouped<Action<AcceleratorStream, KernelConfig, TEnergy, TTransition, ChainState, SamplerSettings, ArrayView<float>>>(
            Kernel.MakeGenericMethod(typeof(TEnergy), typeof(TTransition)));
        launch(energy.Session.Accelerator.DefaultStream, config, energy.Bind(GroupedLaunch.Slots(config)), transition, pool.State, settings, draws.View);
        return true;
    }
}
