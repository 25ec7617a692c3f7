using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>Mixture of diagonal Gaussians: E(x) = −log Σₖ wₖ N(x; μₖ, diag σₖ²).</summary>
/// <remarks>Weights are normalised on construction, so log Z = 0 at T = 1 (no closed form at other temperatures).</remarks>
public sealed record GaussianMixtureSpec : EnergySpec
{
    /// <summary>Creates and validates the spec.</summary>
    /// <param name="weights">wₖ, positive (normalised here).</param>
    /// <param name="means">μₖ, K rows of d values.</param>
    /// <param name="scales">σₖ, K rows of d positive values.</param>
    public GaussianMixtureSpec(IReadOnlyList<double> weights, IReadOnlyList<IReadOnlyList<double>> means, IReadOnlyList<IReadOnlyList<double>> scales)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(scales);
        if (weights.Count == 0)
            throw new ArgumentException("weights is empty: a mixture needs at least one component", nameof(weights));
        SpecChecks.Positive(weights, "weights");
        SpecChecks.Length(means.Count, weights.Count, "means");
        SpecChecks.Length(scales.Count, weights.Count, "scales");
        int d = means[0].Count;
        if (d == 0)
            throw new ArgumentException("means[0] is empty", nameof(means));
        for (int k = 0; k < weights.Count; k++)
        {
            SpecChecks.Length(means[k].Count, d, $"means[{k}]");
            SpecChecks.Finite(means[k], $"means[{k}]");
            SpecChecks.Length(scales[k].Count, d, $"scales[{k}]");
            SpecChecks.Positive(scales[k], $"scales[{k}]");
        }
        double total = weights.Sum();
        Weights = [.. weights.Select(weight => weight / total)];
        Means = [.. means.Select(row => (IReadOnlyList<double>)[.. row])];
        Scales = [.. scales.Select(row => (IReadOnlyList<double>)[.. row])];
    }

    /// <summary>The normalised weights.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>μₖ.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Means { get; }

    /// <summary>σₖ.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Scales { get; }

    /// <inheritdoc/>
    public override string Kind => "mixture";

    /// <inheritdoc/>
    public override int Dimension => Means[0].Count;

    /// <inheritdoc/>
    public override double? LogPartition => Temperature == 1 ? 0 : null;

    /// <summary>The component log normalisers cₖ = log wₖ − Σⱼ log σₖⱼ − d/2 · log 2π.</summary>
    public double[] LogNormalizers() =>
        [.. Weights.Select((weight, k) => Math.Log(weight) - Scales[k].Sum(Math.Log) - 0.5 * Dimension * Math.Log(2 * Math.PI))];

    /// <inheritdoc/>
    public override double ReferenceEnergy(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double[] normalizers = LogNormalizers();
        var logDensities = new double[Weights.Count];
        for (int k = 0; k < Weights.Count; k++)
        {
            double quadratic = 0;
            for (int j = 0; j < Dimension; j++)
            {
                double z = (point[j] - Means[k][j]) / Scales[k][j];
                quadratic += z * z;
            }
            logDensities[k] = normalizers[k] - 0.5 * quadratic;
        }
        double max = logDensities.Max();
        double logSum = max + Math.Log(logDensities.Sum(value => Math.Exp(value - max)));
        gradient.Clear();
        for (int k = 0; k < Weights.Count; k++)
        {
            double responsibility = Math.Exp(logDensities[k] - logSum);
            for (int j = 0; j < Dimension; j++)
                gradient[j] += responsibility * (point[j] - Means[k][j]) / (Scales[k][j] * Scales[k][j]);
        }
        return -logSum;
    }

    /// <inheritdoc/>
    public override DeviceEnergy CreateDevice(AcceleratorSession session)
    {
        ValidateTemperature();
        var (means, inverseVariances, normalizers, factors) = GaussianMixtureEnergy.Layout(
            SpecChecks.ToSingle(Means.SelectMany(row => row)),
            SpecChecks.ToSingle(Scales.SelectMany(row => row.Select(scale => 1 / (scale * scale)))),
            SpecChecks.ToSingle(LogNormalizers()));
        var buffers = new[] { means, inverseVariances, normalizers, factors }.Select(values => DiagonalGaussianSpec.Upload(session, values)).ToArray();
        return new FixedDeviceEnergy<GaussianMixtureEnergy>(session, Dimension,
            new GaussianMixtureEnergy(buffers[0].View, buffers[1].View, buffers[2].View, buffers[3].View), buffers);
    }
}
