namespace Ebm.Kernels.Training;

/// <summary>
/// Stratified draws of a batch's rows from a store of rows (a data set or a replay buffer): batch row g of B draws
/// uniformly from stratum g, the store rows [⌊g·N/B⌋, ⌊(g + 1)·N/B⌋) of N (the single row ⌊g·N/B⌋ when N &lt; B). The
/// strata are disjoint, so the B rows are distinct when N ≥ B, and a contiguous block of batch rows reads only the
/// matching contiguous block of the store: a member of a sharded run that holds batch rows [first, first + count) needs
/// store rows [<see cref="StratumStart"/>(first), <see cref="StratumStart"/>(first + count)) and draws what one process draws.
/// </summary>
public struct RowStrata
{
    /// <summary>B, the run's batch rows over all members.</summary>
    public int Batch;

    /// <summary>N, the run's store rows over all members.</summary>
    public int StoreRows;

    /// <summary>The run-wide index of this member's first batch row.</summary>
    public int FirstBatchRow;

    /// <summary>The run-wide index of this member's first store row, <see cref="StratumStart"/>(<see cref="FirstBatchRow"/>).</summary>
    public int FirstStoreRow;

    /// <summary>The strata of <paramref name="storeRows"/> store rows for a batch of <paramref name="batch"/>, seen from the member whose first batch row is <paramref name="firstBatchRow"/>.</summary>
    /// <param name="batch">B ≥ 1.</param>
    /// <param name="storeRows">N ≥ 1.</param>
    /// <param name="firstBatchRow">In [0, B).</param>
    /// <returns>The strata.</returns>
    public static RowStrata For(int batch, int storeRows, int firstBatchRow = 0) => new()
    {
        Batch = batch,
        StoreRows = storeRows,
        FirstBatchRow = firstBatchRow,
        FirstStoreRow = StratumStart(firstBatchRow, batch, storeRows),
    };

    /// <summary>⌊g·N/B⌋: the first store row of stratum g (g = B gives N).</summary>
    /// <param name="batchRow">g in [0, B].</param>
    /// <param name="batch">B.</param>
    /// <param name="storeRows">N.</param>
    /// <returns>The store row.</returns>
    public static int StratumStart(int batchRow, int batch, int storeRows) => (int)((long)batchRow * storeRows / batch);

    /// <summary>The run-wide index of this member's batch row <paramref name="row"/>.</summary>
    /// <param name="row">The member's batch row.</param>
    /// <returns>FirstBatchRow + row.</returns>
    public readonly int RunRow(int row) => FirstBatchRow + row;

    /// <summary>The store row, counted from <see cref="FirstStoreRow"/>, that this member's batch row <paramref name="row"/> draws with the uniform word <paramref name="word"/>.</summary>
    /// <param name="row">The member's batch row.</param>
    /// <param name="word">32 random bits.</param>
    /// <returns>The member's store row.</returns>
    public readonly int Draw(int row, uint word)
    {
        int g = RunRow(row);
        int start = StratumStart(g, Batch, StoreRows);
        int size = StratumStart(g + 1, Batch, StoreRows) - start;
        return start + (int)(word % (uint)(size > 1 ? size : 1)) - FirstStoreRow;
    }
}
