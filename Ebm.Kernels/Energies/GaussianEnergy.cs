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

    // E = ½ Σᵢ (x − μ)ᵢ (P(x − μ))ᵢ, with the rows of P(x − μ) computed RegisterBlock.Width at a time.
    private float Evaluate(PointView point, PointView gradient, bool storeGradient)
    {
        int d = Dimension;
        float energy = 0;
        for (int i = 0; i < d; i += RegisterBlock.Width)
        {
            int i1 = RegisterBlock.Lane(i, 1, d), i2 = RegisterBlock.Lane(i, 2, d), i3 = RegisterBlock.Lane(i, 3, d);
            long p0 = (long)i * d, p1 = (long)i1 * d, p2 = (long)i2 * d, p3 = (long)i3 * d;
            float r0 = 0, r1 = 0, r2 = 0, r3 = 0; // (P(x − μ)) for rows i … i + 3
            for (int j = 0; j < d; j++)
            {
                float centred = point[j] - mean[j];
                r0 += precision[p0 + j] * centred;
                r1 += precision[p1 + j] * centred;
                r2 += precision[p2 + j] * centred;
                r3 += precision[p3 + j] * centred;
            }
            energy += Term(point, gradient, storeGradient, i, r0);
            if (i + 1 < d)
                energy += Term(point, gradient, storeGradient, i1, r1);
            if (i + 2 < d)
                energy += Term(point, gradient, storeGradient, i2, r2);
            if (i + 3 < d)
                energy += Term(point, gradient, storeGradient, i3, r3);
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
