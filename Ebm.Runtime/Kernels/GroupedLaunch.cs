using Ebm.Kernels.Energies;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Kernels;

/// <summary>The shape of a launch in which work-groups evaluate an energy together (<see cref="IGroupEnergy"/>), where one applies.</summary>
internal static class GroupedLaunch
{
    /// <summary>The launch of <paramref name="items"/> work-items (chains or points) in whole groups, when the energy supports it and the accelerator has a chain group size.</summary>
    /// <typeparam name="TEnergy">The energy struct.</typeparam>
    /// <param name="kernels">The accelerator's kernels.</param>
    /// <param name="items">The chains or points, ≥ 1.</param>
    /// <param name="config">The groups and their size.</param>
    /// <returns>Whether a grouped launch applies (else the caller runs a thread per item).</returns>
    public static bool TryShape<TEnergy>(KernelCache kernels, int items, out KernelConfig config)
        where TEnergy : struct, IEnergy
    {
        config = default;
        if (!typeof(IGroupEnergy).IsAssignableFrom(typeof(TEnergy)) || kernels.ChainGroupSize is not { } groupSize)
            return false;
        config = new KernelConfig((items + groupSize - 1) / groupSize, groupSize);
        return true;
    }

    /// <summary>The work-items of a launch (its slots): whole groups.</summary>
    /// <param name="config">The launch.</param>
    /// <returns>Groups × group size.</returns>
    public static int Slots(KernelConfig config) => config.GridDim.X * config.GroupDim.X;
}
