using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>Neal's funnel over (v, x₁ … x_{d−1}): v ~ N(0, σ²), xᵢ | v ~ N(0, eᵛ).</summary>
/// <remarks>
/// E = v²/(2σ²) + Σᵢ (xᵢ² e⁻ᵛ + v)/2. At temperature T the xᵢ integrate to (2πT)^{1/2} e^{v(1 − 1/T)/2} each,
/// leaving a Gaussian integral in v: log Z = ½ log(2πσ²T) + c²σ²T/2 + (d−1)/2 · log(2πT) with c = (d−1)(1 − 1/T)/2.
/// </remarks>
public sealed record FunnelSpec : EnergySpec
{
    /// <summary>Creates and validates the spec.</summary>
    /// <param name="dimension">d ≥ 2.</param>
    /// <param name="sigma">σ of v, positive.</param>
    public FunnelSpec(int dimension, double sigma)
    {
        if (dimension < 2)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "funnel dimension must be at least 2");
        if (dimension > MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"dim is {dimension:N0}; at most {MaxDimension:N0}");
        SpecChecks.Positive(sigma, "sigma");
        Dim = dimension;
        Sigma = sigma;
    }

    /// <summary>d.</summary>
    public int Dim { get; }

    /// <summary>σ.</summary>
    public double Sigma { get; }

    /// <inheritdoc/>
    public override string Kind => "funnel";

    /// <inheritdoc/>
    public override int Dimension => Dim;

    /// <inheritdoc/>
    public override double? LogPartition
    {
        get
        {
            double variance = Sigma * Sigma * Temperature, c = (Dim - 1) * (1 - 1 / Temperature) / 2;
            return 0.5 * Math.Log(2 * Math.PI * variance) + 0.5 * c * c * variance + 0.5 * (Dim - 1) * Math.Log(2 * Math.PI * Temperature);
        }
    }

    /// <inheritdoc/>
    public override double ReferenceEnergy(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double v = point[0], squares = 0;
        for (int i = 1; i < Dim; i++)
        {
            squares += point[i] * point[i];
            gradient[i] = point[i] * Math.Exp(-v);
        }
        gradient[0] = v / (Sigma * Sigma) + 0.5 * (Dim - 1) - 0.5 * squares * Math.Exp(-v);
        return v * v / (2 * Sigma * Sigma) + 0.5 * (squares * Math.Exp(-v) + (Dim - 1) * v);
    }

    /// <inheritdoc/>
    public override DeviceEnergy CreateDevice(AcceleratorSession session)
    {
        ValidateTemperature();
        return new FixedDeviceEnergy<FunnelEnergy>(session, Dim, new FunnelEnergy(Dim, (float)Sigma));
    }
}
