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
    public float Energy(ArrayView<float> point, int slot)
    {
        int d = Dimension;
        float energy = 0;
        for (int i = 0; i < d; i++)
            energy += 0.5f * (point[i] - mean[i]) * PrecisionRowTimesCentred(point, i, d);
        return energy;
    }

    /// <inheritdoc/>
    public float EnergyAndGradient(ArrayView<float> point, ArrayView<float> gradient, int slot)
    {
        int d = Dimension;
        float energy = 0;
        for (int i = 0; i < d; i++)
        {
            float row = PrecisionRowTimesCentred(point, i, d); // (P(x − μ))ᵢ
            gradient[i] = row;
            energy += 0.5f * (point[i] - mean[i]) * row;
        }
        return energy;
    }

    private float PrecisionRowTimesCentred(ArrayView<float> point, int row, int d)
    {
        float sum = 0;
        long offset = (long)row * d;
        for (int j = 0; j < d; j++)
            sum += precision[offset + j] * (point[j] - mean[j]);
        return sum;
    }
}
