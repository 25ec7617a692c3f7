using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>Diagonal Gaussian: E(x) = Σᵢ (xᵢ − μᵢ)² / (2σᵢ²).</summary>
/// <remarks>log Z = Σᵢ ½ log(2πσᵢ²).</remarks>
/// <param name="mean">μ, one value per coordinate.</param>
/// <param name="inverseVariance">1/σ², one value per coordinate.</param>
public readonly struct DiagonalGaussianEnergy(ArrayView<float> mean, ArrayView<float> inverseVariance) : IEnergy
{
    /// <inheritdoc/>
    public int Dimension => (int)mean.Length;

    /// <inheritdoc/>
    public float Energy(PointView point, int slot)
    {
        float energy = 0;
        for (int i = 0; i < Dimension; i++)
        {
            float centred = point[i] - mean[i];
            energy += 0.5f * centred * centred * inverseVariance[i];
        }
        return energy;
    }

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        float energy = 0;
        for (int i = 0; i < Dimension; i++)
        {
            float centred = point[i] - mean[i];
            float scaled = centred * inverseVariance[i];
            energy += 0.5f * centred * scaled;
            gradient[i] = scaled;
        }
        return energy;
    }
}
