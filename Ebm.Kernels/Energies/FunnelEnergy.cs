using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>Neal's funnel: v ~ N(0, σ²), xᵢ | v ~ N(0, eᵛ) for i = 1..d−1; the point is (v, x₁, …).</summary>
/// <remarks>E = v²/(2σ²) + Σᵢ (xᵢ² e⁻ᵛ + v)/2, and log Z = ½ log(2πσ²) + (d − 1)/2 · log 2π.</remarks>
/// <param name="dimension">d ≥ 2.</param>
/// <param name="sigma">σ, the scale of v.</param>
public readonly struct FunnelEnergy(int dimension, float sigma) : IEnergy
{
    /// <inheritdoc/>
    public int Dimension => dimension;

    /// <inheritdoc/>
    public float Energy(PointView point, int slot)
    {
        float v = point[0], inverseScale = MathF.Exp(-v), squares = 0;
        for (int i = 1; i < dimension; i++)
            squares += point[i] * point[i];
        return 0.5f * v * v / (sigma * sigma) + 0.5f * (squares * inverseScale + (dimension - 1) * v);
    }

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        float v = point[0], inverseScale = MathF.Exp(-v), squares = 0;
        for (int i = 1; i < dimension; i++)
        {
            squares += point[i] * point[i];
            gradient[i] = point[i] * inverseScale;
        }
        gradient[0] = v / (sigma * sigma) + 0.5f * (dimension - 1) - 0.5f * squares * inverseScale;
        return 0.5f * v * v / (sigma * sigma) + 0.5f * (squares * inverseScale + (dimension - 1) * v);
    }
}
