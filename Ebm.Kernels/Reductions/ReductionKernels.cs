using ILGPU;

namespace Ebm.Kernels.Reductions;

/// <summary>Reductions of row-major buffers on the device.</summary>
public static class ReductionKernels
{
    /// <summary>output[c] = Σ_r weights[r] · rows[r, c]: one thread per column.</summary>
    /// <remarks>
    /// With weights 1/N the batch mean of per-sample gradients; with +1/N_data on data rows and −1/N_samples on
    /// sample rows the contrastive-divergence gradient mean_data ∇θE − mean_samples ∇θE, regularisers folded in.
    /// </remarks>
    /// <param name="column">The column.</param>
    /// <param name="rows">[R, C] row-major, R = weights.Length.</param>
    /// <param name="weights">[R].</param>
    /// <param name="output">[C].</param>
    public static void WeightedColumnSums(Index1D column, ArrayView<float> rows, ArrayView<float> weights, ArrayView<float> output)
    {
        long columns = output.Length;
        float sum = 0;
        for (long r = 0; r < weights.Length; r++)
            sum += weights[r] * rows[r * columns + column.X];
        output[column] = sum;
    }

    /// <summary>partials[p] = Σ values[i]² over i ≡ p (mod parts): a first pass of a norm, finished on the host.</summary>
    /// <param name="part">The part p.</param>
    /// <param name="values">The values.</param>
    /// <param name="partials">[parts].</param>
    public static void PartialSumsOfSquares(Index1D part, ArrayView<float> values, ArrayView<float> partials)
    {
        float sum = 0;
        for (long i = part.X; i < values.Length; i += partials.Length)
            sum += values[i] * values[i];
        partials[part] = sum;
    }
}
