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

    // E = ½ Σᵢ (x − μ)ᵢ (P(x − μ))ᵢ. P is symmetric, so ColumnBlock.Width rows of P(x − μ) at a time are sums over the
    // rows j of P's adjacent columns; the rows left over are summed one at a time.
    private float Evaluate(PointView point, PointView gradient, bool storeGradient)
    {
        int d = Dimension;
        float energy = 0;
        int i = 0;
        for (; i + ColumnBlock.Width <= d; i += ColumnBlock.Width)
        {
            var rows = default(ColumnBlock);
            for (int j = 0; j < d; j++)
                rows.Add(precision, (long)j * d + i, point[j] - mean[j]);
            for (int k = 0; k < ColumnBlock.Width; k++)
                energy += Term(point, gradient, storeGradient, i + k, rows[k]);
        }
        for (; i < d; i++)
        {
            float row = 0;
            for (int j = 0; j < d; j++)
                row += precision[(long)i * d + j] * (point[j] - mean[j]);
            energy += Term(point, gradient, storeGradient, i, row);
        }
        return energy;
    }

    // Row i's share ½ (x − μ)ᵢ (P(x − μ))ᵢ of E, storing ∇ᵢE = (P(x − μ))ᵢ when asked.
    private float Term(PointView point, PointView gradient, bool storeGradient, int i, float row)
    {
        if (storeGradient)
            gradient[i] = row;
        return 0.5f * (point[i] - mean[i]) * row;
    }
}
