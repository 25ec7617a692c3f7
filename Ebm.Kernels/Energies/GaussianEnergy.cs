using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>Gaussian with full covariance Σ: E(x) = ½ (x − μ)ᵀ P (x − μ), P = Σ⁻¹ (computed on the host by Cholesky).</summary>
/// <remarks>log Z = d/2 · log 2π + ½ log det Σ. ∇ₓE = P (x − μ).</remarks>
/// <param name="mean">μ, d values.</param>
/// <param name="precision">P, row-major [d, d], symmetric positive definite.</param>
public readonly struct GaussianEnergy(ArrayView<float> mean, ArrayView<float> precision) : IEnergy
{
    /// <inheritdoc/>
    public int Dimension => (int)mean.Length;

    /// <inheritdoc/>
    public float Energy(PointView point, int slot) => Evaluate(point, default, false);

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot) => Evaluate(point, gradient, true);

    // E = ½ Σᵢ (x − μ)ᵢ (P(x − μ))ᵢ. P is symmetric, so rows of P(x − μ) are sums over the rows j of P's columns: blocks of
    // adjacent rows at once, widest blocks first.
    private float Evaluate(PointView point, PointView gradient, bool storeGradient)
    {
        float energy = 0;
        int i = RowBlocks<ColumnBlock64>(point, gradient, storeGradient, 0, ref energy);
        i = RowBlocks<ColumnBlock16>(point, gradient, storeGradient, i, ref energy);
        RowBlocks<ColumnBlock1>(point, gradient, storeGradient, i, ref energy);
        return energy;
    }

    // Rows from first on in blocks of W = TBlock's width (the last one placed by ColumnBlocks.Start), their terms added to
    // the energy in row order; returns the first row left over (fewer than W rows in all).
    private int RowBlocks<TBlock>(PointView point, PointView gradient, bool storeGradient, int first, ref float energy)
        where TBlock : struct, IColumnBlock
    {
        int d = Dimension, width = default(TBlock).Width, i = first;
        for (; i < d && width <= d; i += width)
        {
            int at = ColumnBlocks.Start(i, d, width);
            var rows = default(TBlock);
            for (int j = 0; j < d; j++)
                rows.Add(precision, (long)j * d + at, point[j] - mean[j]);
            for (int k = i - at; k < width; k++)
                energy += Term(point, gradient, storeGradient, at + k, rows[k]);
        }
        return Math.Min(i, d);
    }

    // Row i's share ½ (x − μ)ᵢ (P(x − μ))ᵢ of E, storing ∇ᵢE = (P(x − μ))ᵢ when asked.
    private float Term(PointView point, PointView gradient, bool storeGradient, int i, float row)
    {
        if (storeGradient)
            gradient[i] = row;
        return 0.5f * (point[i] - mean[i]) * row;
    }
}
