using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>Rosenbrock banana on coordinate pairs (u, v): E = Σ (a − u)² + b (v − u²)².</summary>
/// <remarks>
/// Exact: u ~ N(a, T/2), v | u ~ N(u², T/(2b)), so log Z = (d/2) · (log(πT) − ½ log b) and the moments are
/// E[u] = a, Var[u] = T/2, E[v] = a² + T/2, Var[v] = T/(2b) + 2a²T + T²/2.
/// </remarks>
public sealed record BananaSpec : EnergySpec
{
    /// <summary>Creates and validates the spec.</summary>
    /// <param name="dimension">d, even and ≥ 2.</param>
    /// <param name="a">Location of u.</param>
    /// <param name="b">Curvature, positive.</param>
    public BananaSpec(int dimension, double a, double b)
    {
        if (dimension < 2 || dimension % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "banana dimension must be even and at least 2 (coordinate pairs)");
        if (dimension > MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"dim is {dimension:N0}; at most {MaxDimension:N0}");
        SpecChecks.Finite(a, "a");
        SpecChecks.Positive(b, "b");
        Dim = dimension;
        A = a;
        B = b;
    }

    /// <summary>d.</summary>
    public int Dim { get; }

    /// <summary>a.</summary>
    public double A { get; }

    /// <summary>b.</summary>
    public double B { get; }

    /// <inheritdoc/>
    public override string Kind => "banana";

    /// <inheritdoc/>
    public override int Dimension => Dim;

    /// <inheritdoc/>
    public override double? LogPartition => Dim / 2 * (Math.Log(Math.PI * Temperature) - 0.5 * Math.Log(B));

    /// <inheritdoc/>
    public override double ReferenceEnergy(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double energy = 0;
        for (int i = 0; i < Dim; i += 2)
        {
            double u = point[i], v = point[i + 1];
            energy += (A - u) * (A - u) + B * (v - u * u) * (v - u * u);
            gradient[i] = -2 * (A - u) - 4 * B * u * (v - u * u);
            gradient[i + 1] = 2 * B * (v - u * u);
        }
        return energy;
    }

    /// <inheritdoc/>
    public override DeviceEnergy CreateDevice(AcceleratorSession session)
    {
        ValidateTemperature();
        return new FixedDeviceEnergy<BananaEnergy>(session, Dim, new BananaEnergy(Dim, (float)A, (float)B));
    }
}
