using ILGPU;

namespace Ebm.Kernels.Reductions;

/// <summary>Column reductions of row-major [rows, columns] buffers, one thread per column.</summary>
public static class ReductionKernels
{
    /// <summary>
    /// output[c] = wₐ Σ_{r &lt; split} rows[r, c] + w_b Σ_{r ≥ split} rows[r, c]: the mean of the first block when
    /// wₐ = 1/split and w_b = 0; the contrastive-divergence difference mean_data − mean_samples when the data rows
    /// come first, wₐ = 1/N_data and w_b = −1/N_samples.
    /// </summary>
    /// <param name="column">The column.</param>
    /// <param name="rows">[rows, columns] row-major.</param>
    /// <param name="rowCount">The number of rows.</param>
    /// <param name="split">The first row of the second block.</param>
    /// <param name="firstWeight">wₐ.</param>
    /// <param name="secondWeight">w_b.</param>
    /// <param name="output">[columns].</param>
    public static void WeightedColumnSums(Index1D column, ArrayView<float> rows, int rowCount, int split,
        float firstWeight, float secondWeight, ArrayView<float> output)
    {
        int columns = (int)output.Length;
        float first = 0, second = 0;
        for (int r = 0; r < split; r++)
            first += rows[(long)r * columns + column];
        for (int r = split; r < rowCount; r++)
            second += rows[(long)r * columns + column];
        output[column] = firstWeight * first + secondWeight * second;
    }
}
