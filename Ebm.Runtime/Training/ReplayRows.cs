using Ebm.Kernels.Energies;
using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Training;

/// <summary>Checked launchers of <see cref="ReplayKernels"/>: choosing rows and moving them between a replay buffer (or a data set) and a batch, on the device.</summary>
public static class ReplayRows
{
    /// <summary>
    /// rows[i] for every i: the data row batch row i draws from its stratum (see <see cref="RowStrata"/>) as iteration
    /// <paramref name="iteration"/> of <paramref name="seed"/>, counted from the member's first data row.
    /// </summary>
    /// <param name="session">The session the rows live on.</param>
    /// <param name="rows">[B] output: the member's batch rows.</param>
    /// <param name="strata">The data's strata; the member's rows lie within the run's batch.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="iteration">The iteration.</param>
    public static void DrawData(AcceleratorSession session, DeviceVector<int> rows, RowStrata strata, ulong seed, ulong iteration)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(rows);
        CheckStrata(strata, (int)rows.Length, 1);
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<int>, RowStrata, ulong, ulong>>(
            (Action<Index1D, ArrayView<int>, RowStrata, ulong, ulong>)ReplayKernels.DrawDataRows);
        launch(session.Accelerator.DefaultStream, (int)rows.Length, rows.View, strata, seed, iteration);
    }

    /// <summary>
    /// B distinct slots of a buffer of S, one from each batch row's stratum (see <see cref="RowStrata"/>), into
    /// <paramref name="scatter"/>, and the rows to start from into <paramref name="gather"/>: the slot itself, or −1 (fresh
    /// noise) with probability <paramref name="restartProbability"/>; both counted from the member's first slot.
    /// </summary>
    /// <param name="session">The session the rows live on.</param>
    /// <param name="gather">[B] output.</param>
    /// <param name="scatter">[B] output.</param>
    /// <param name="strata">The buffer's strata: S between the run's batch and 2³⁰.</param>
    /// <param name="restartProbability">In [0, 1].</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="iteration">The iteration.</param>
    public static void DrawSlots(AcceleratorSession session, DeviceVector<int> gather, DeviceVector<int> scatter, RowStrata strata, float restartProbability,
        ulong seed, ulong iteration)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(gather);
        ArgumentNullException.ThrowIfNull(scatter);
        if (gather.Length != scatter.Length)
            throw new ArgumentException($"gather and scatter rows differ in length ({gather.Length}, {scatter.Length})", nameof(scatter));
        CheckStrata(strata, (int)scatter.Length, strata.Batch);
        if (strata.StoreRows > 1 << 30)
            throw new ArgumentOutOfRangeException(nameof(strata), strata.StoreRows, "a replay buffer holds at most 2^30 slots");
        if (restartProbability is not (>= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(restartProbability), restartProbability, "a probability is in [0, 1]");
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<int>, ArrayView<int>, RowStrata, float, ulong, ulong>>(
            (Action<Index1D, ArrayView<int>, ArrayView<int>, RowStrata, float, ulong, ulong>)ReplayKernels.DrawBufferSlots);
        launch(session.Accelerator.DefaultStream, (int)scatter.Length, gather.View, scatter.View, strata, restartProbability, seed, iteration);
    }

    /// <summary>
    /// batch[i] = source[rows[i]] for every i &lt; rows.Length, or a fresh point uniform in [low, high]ᵈ where rows[i]
    /// is negative (Philox stream <paramref name="firstStream"/> + i of <paramref name="seed"/> at <paramref name="step"/>).
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
    /// <param name="firstStream">The stream of row 0, ≥ 0: the run-wide index of the member's first batch row (or buffer slot).</param>
    public static void Gather(AcceleratorSession session, ArrayView<float> source, DeviceVector<int> rows, ArrayView<float> batch, PointLayout layout,
        DeviceVector<float> low, DeviceVector<float> high, ulong seed, ulong step, int firstStream = 0)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Length != high.Length || low.Length == 0)
            throw new ArgumentException($"the box corners have {low.Length} and {high.Length} values; both need d ≥ 1", nameof(low));
        CheckRows(source.Length, batch.Length, layout, (int)rows.Length, (int)low.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(firstStream);
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, PointLayout, ArrayView<float>, ArrayView<float>, ulong, ulong, int>>(
            (Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, PointLayout, ArrayView<float>, ArrayView<float>, ulong, ulong, int>)ReplayKernels.Gather);
        launch(session.Accelerator.DefaultStream, (int)rows.Length, source, rows.View, batch, layout, low.View, high.View, seed, step, firstStream);
    }

    /// <summary>
    /// Adds σ·ξ to every value of the first <paramref name="rows"/> rows of <paramref name="batch"/>, then clamps them to
    /// <paramref name="clamp"/> when given (the data noise of image EBMs), the noise of row i from its run-wide stream.
    /// </summary>
    /// <param name="session">The session the batch lives on.</param>
    /// <param name="batch">[B, d] row-major.</param>
    /// <param name="rows">B.</param>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="scale">σ ≥ 0, finite.</param>
    /// <param name="clamp">The box every value is clamped to, or null.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="iteration">The iteration.</param>
    /// <param name="firstRow">The run-wide index of row 0, ≥ 0.</param>
    public static void AddNoise(AcceleratorSession session, ArrayView<float> batch, int rows, int dimension, float scale, (float Low, float High)? clamp,
        ulong seed, ulong iteration, int firstRow = 0)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        if (batch.Length < (long)rows * dimension)
            throw new ArgumentException($"{rows} rows of {dimension} need {(long)rows * dimension} floats, got {batch.Length}", nameof(batch));
        if (!(scale >= 0) || float.IsInfinity(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the noise scale must be finite and ≥ 0");
        if (clamp is { } box && !(box.Low < box.High))
            throw new ArgumentException($"the clamp box needs low < high (got [{box.Low}, {box.High}])", nameof(clamp));
        var (low, high) = clamp ?? (1f, 0f);
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, int, float, float, float, ulong, ulong, int>>(
            (Action<Index1D, ArrayView<float>, int, float, float, float, ulong, ulong, int>)ReplayKernels.AddNoise);
        launch(session.Accelerator.DefaultStream, rows, batch, dimension, scale, low, high, seed, iteration, firstRow);
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

    // A member's batch rows lie within the run's batch, over a store of at least minimumRows rows.
    private static void CheckStrata(RowStrata strata, int rows, int minimumRows)
    {
        if (strata.Batch < 1 || strata.FirstBatchRow < 0 || (long)strata.FirstBatchRow + rows > strata.Batch)
            throw new ArgumentException($"batch rows [{strata.FirstBatchRow}, {(long)strata.FirstBatchRow + rows}) do not lie within a run's batch of {strata.Batch}", nameof(strata));
        if (strata.StoreRows < Math.Max(minimumRows, 1))
            throw new ArgumentOutOfRangeException(nameof(strata), strata.StoreRows, $"the store needs at least {Math.Max(minimumRows, 1)} rows for a batch of {strata.Batch}");
        if (strata.FirstStoreRow != RowStrata.StratumStart(strata.FirstBatchRow, strata.Batch, strata.StoreRows))
            throw new ArgumentException($"the member's first store row {strata.FirstStoreRow} is not the start of batch row {strata.FirstBatchRow}'s stratum", nameof(strata));
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
