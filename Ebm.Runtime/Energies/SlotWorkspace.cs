using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;

namespace Ebm.Runtime.Energies;

/// <summary>
/// The per-slot scratch memory of a network energy (<see cref="MlpEnergy"/>, <see cref="ConvEnergy"/>): a fixed number of
/// values per slot in <see cref="PointLayout.Blocked"/> layout, in a buffer that grows with the largest slot count asked for.
/// </summary>
/// <param name="session">The accelerator session.</param>
/// <param name="valuesPerSlot">The floats each slot needs.</param>
internal sealed class SlotWorkspace(AcceleratorSession session, int valuesPerSlot) : IDisposable
{
    private DeviceVector<float>? buffer;
    private int slots;

    /// <summary>A view with room for <paramref name="count"/> slots (reallocated when it has fewer).</summary>
    /// <param name="count">The slots the next launch uses.</param>
    /// <returns>The workspace.</returns>
    public ArrayView<float> For(int count)
    {
        if (buffer is null || slots < count)
        {
            buffer?.Dispose();
            slots = Math.Max(count, 1);
            buffer = new DeviceVector<float>(session, PointLayout.Blocked(valuesPerSlot).Length(slots));
        }
        return buffer.View;
    }

    /// <inheritdoc/>
    public void Dispose() => buffer?.Dispose();
}
