using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;

namespace Ebm.Facade.Models;

/// <summary>Diagonal Gaussian N(μ, diag σ²): E(x) = Σᵢ (xᵢ − μᵢ)²/(2σᵢ²).</summary>
public sealed record DiagonalGaussianSpec : EnergySpec
{
    /// <summary>Creates and validates the spec.</summary>
    /// <param name="mean">μ.</param>
    /// <param name="scales">σ, positive.</param>
    public DiagonalGaussianSpec(IReadOnlyList<double> mean, IReadOnlyList<double> scales)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(scales);
        if (mean.Count == 0)
            throw new ArgumentException("mean is empty", nameof(mean));
        SpecChecks.Finite(mean, "mean");
        SpecChecks.Length(scales.Count, mean.Count, "scales");
        SpecChecks.Positive(scales, "scales");
        Mean = [.. mean];
        Scales = [.. scales];
    }

    /// <summary>μ.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>σ.</summary>
    public IReadOnlyList<double> Scales { get; }

    /// <inheritdoc/>
    public override string Kind => "diagonal_gaussian";

    /// <inheritdoc/>
    public override int Dimension => Mean.Count;

    /// <inheritdoc/>
    public override double? LogPartition => Scales.Sum(scale => 0.5 * Math.Log(2 * Math.PI * scale * scale * Temperature));

    /// <inheritdoc/>
    public override double ReferenceEnergy(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double energy = 0;
        for (int i = 0; i < Dimension; i++)
        {
            double z = (point[i] - Mean[i]) / Scales[i];
            energy += 0.5 * z * z;
            gradient[i] = z / Scales[i];
        }
        return energy;
    }

    /// <inheritdoc/>
    public override DeviceEnergy CreateDevice(AcceleratorSession session)
    {
        ValidateTemperature();
        var mean = Upload(session, Mean);
        var inverseVariance = Upload(session, Scales.Select(scale => 1 / (scale * scale)));
        return new FixedDeviceEnergy<DiagonalGaussianEnergy>(session, Dimension,
            new DiagonalGaussianEnergy(mean.View, inverseVariance.View), mean, inverseVariance);
    }

    internal static DeviceVector<float> Upload(AcceleratorSession session, IEnumerable<double> values) =>
        Upload(session, SpecChecks.ToSingle(values));

    internal static DeviceVector<float> Upload(AcceleratorSession session, float[] host)
    {
        var vector = new DeviceVector<float>(session, host.Length);
        vector.CopyFrom(host);
        return vector;
    }
}
