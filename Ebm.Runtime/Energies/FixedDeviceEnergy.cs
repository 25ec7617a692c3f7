using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;

namespace Ebm.Runtime.Energies;

/// <summary>An energy whose struct needs no workspace: bound once, with the parameter buffers it owns.</summary>
/// <typeparam name="TEnergy">The energy struct.</typeparam>
public sealed class FixedDeviceEnergy<TEnergy> : DeviceEnergy<TEnergy>
    where TEnergy : struct, IEnergy
{
    private readonly TEnergy energy;
    private readonly IDisposable[] ownedBuffers;

    /// <summary>Wraps <paramref name="energy"/>, taking ownership of <paramref name="ownedBuffers"/>.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="dimension">The point dimension.</param>
    /// <param name="energy">The bound struct.</param>
    /// <param name="ownedBuffers">The buffers its views point into.</param>
    public FixedDeviceEnergy(AcceleratorSession session, int dimension, TEnergy energy, params IDisposable[] ownedBuffers)
        : base(session, dimension)
    {
        this.energy = energy;
        this.ownedBuffers = ownedBuffers;
    }

    /// <inheritdoc/>
    public override TEnergy Bind(int slots) => energy;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        foreach (var buffer in ownedBuffers)
            buffer.Dispose();
    }
}
