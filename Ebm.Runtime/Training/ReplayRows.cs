using Ebm.Kernels.Energies;
using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Training;

/// <summary>Checked launchers of <see cref="ReplayKernels"/>: rows between a replay buffer (or a data set) and a batch, on the device.</summary>
public static class ReplayRows
{
    /// <summary>
    /// batch[i] = source[rows[i]] for every i &lt; rows.Length, or a fresh point uniform in [low, high]ᵈ where rows[i]
    /// is negative (Philox stream i of <paramref name="seed"/> at <paramref name="step"/>).
    /// </summary>
    /// <param name="session">The session every buffer lives on.</param>
    /// <param name="source">[S, d] row-major rows.</param>
    /// <param name="rows">[B] source rows (each below S), or −1 for a fresh point.</param>
    /// <param name="batch">[B, d] output rows.</param>
    /// <param name="layout">The batch's layout.</param>
    /// <param name="low">[d] lower corner of the box.</param>
    /// <param name="high">[d] upper corner.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="step">The Philox counter.</param>
    public static void Gather(AcceleratorSession session, ArrayView<float> source, DeviceVector<int> rows, ArrayView<float> batch, PointLayout layout,
        DeviceVector<float> low, DeviceVector<float> high, ulong seed, ulong step)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Length != high.Length || low.Length == 0)
            throw new ArgumentException($"the box corners have {low.Length} and {high.Length} values; both need d ≥ 1", nameof(low));
        CheckRows(source.Length, batch.Length, layout, (int)rows.Length, (int)low.Length);
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, PointLayout, ArrayView<float>, ArrayView<float>, ulong, ulong>>(
            (Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, PointLayout, ArrayView<float>, ArrayView<float>, ulong, ulong>)ReplayKernels.Gather);
        launch(session.Accelerator.DefaultStream, (int)rows.Length, source, rows.View, batch, layout, low.View, high.View, seed, step);
    }

    /// <summary>destination[rows[i]] = batch[i] for every i &lt; rows.Length with rows[i] ≥ 0 (the rows must be distinct).</summary>
    /// <param name="session">The session every buffer lives on.</param>
    /// <param name="batch">[B, d] rows.</param>
    /// <param name="layout">The batch's layout.</param>
    /// <param name="rows">[B] destination rows.</param>
    /// <param name="destination">[S, d] row-major.</param>
    /// <param name="dimension">d ≥ 1.</param>
    public static void Scatter(AcceleratorSession session, ArrayView<float> batch, PointLayout layout, DeviceVector<int> rows, ArrayView<float> destination, int dimension)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        CheckRows(destination.Length, batch.Length, layout, (int)rows.Length, dimension);
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, PointLayout, ArrayView<int>, ArrayView<float>, int>>(
            (Action<Index1D, ArrayView<float>, PointLayout, ArrayView<int>, ArrayView<float>, int>)ReplayKernels.Scatter);
        launch(session.Accelerator.DefaultStream, (int)rows.Length, batch, layout, rows.View, destination, dimension);
    }

    // The indices themselves live on the device and are not read back: the callers draw them below S.
    private static void CheckRows(long storeLength, long batchLength, PointLayout layout, int rows, int dimension)
    {
        if (storeLength < dimension || storeLength % dimension != 0)
            throw new ArgumentException($"a store of {storeLength} floats is not a whole, non-zero number of rows of {dimension}", "source");
        if (layout.Dimension != dimension || layout.BlockShift is < 0 or > 16)
            throw new ArgumentException($"a batch layout of dimension {layout.Dimension} in blocks of {layout.Block} for rows of {dimension}", nameof(layout));
        if (batchLength < layout.Length(rows))
            throw new ArgumentException($"{rows} rows of {dimension} in blocks of {layout.Block} need a batch of {layout.Length(rows)} floats, got {batchLength}", "batch");
    }
}
