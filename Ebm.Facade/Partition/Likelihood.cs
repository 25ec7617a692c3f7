using Ebm.Facade.Models;

namespace Ebm.Facade.Partition;

/// <summary>Honest likelihoods: log p(x) = −E(x)/T − log Ẑ, with the uncertainty of Ẑ carried into the mean NLL.</summary>
public static class Likelihood
{
    /// <summary>log Z of <paramref name="model"/>: the closed form when the spec has one, else grid quadrature around <paramref name="reference"/> (d ≤ 2).</summary>
    /// <param name="model">The model.</param>
    /// <param name="reference">Points whose bounding box (widened by 25%) bounds the quadrature grid.</param>
    /// <param name="resolution">Grid cells per axis.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">No closed form and d &gt; 2 (annealed importance sampling is not available in this build).</exception>
    public static PartitionEstimate EstimateLogPartition(EnergyModel model, float[,] reference, int resolution = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Spec.LogPartition is double exact)
            return new PartitionEstimate(exact, 0, "analytic");
        if (model.Dimension > 2)
            throw new ArgumentException($"log Z of a {model.Spec.Kind} model with d = {model.Dimension} has no closed form and quadrature needs d ≤ 2");
        return GridQuadrature.LogPartition(model, QuadratureGrid.Around(reference, 0.25, resolution));
    }

    /// <summary>log p(x) for each point, given <paramref name="logZ"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="points">[N, d] points.</param>
    /// <param name="logZ">The log partition estimate.</param>
    /// <returns>N log densities.</returns>
    public static double[] LogLikelihood(EnergyModel model, float[,] points, PartitionEstimate logZ)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(logZ);
        return [.. model.Energy(points).Select(energy => -energy / model.Temperature - logZ.LogZ)];
    }

    /// <summary>Mean negative log-likelihood of <paramref name="points"/> and its standard error (sampling error of the mean and the error of log Ẑ combined).</summary>
    /// <param name="model">The model.</param>
    /// <param name="points">[N, d] points.</param>
    /// <param name="logZ">The log partition estimate.</param>
    /// <returns>The mean NLL in nats and its standard error.</returns>
    public static (double Mean, double StandardError) MeanNegativeLogLikelihood(EnergyModel model, float[,] points, PartitionEstimate logZ)
    {
        double[] nll = [.. LogLikelihood(model, points, logZ).Select(value => -value)];
        double mean = nll.Average();
        double variance = nll.Sum(value => (value - mean) * (value - mean)) / Math.Max(1, nll.Length - 1);
        return (mean, Math.Sqrt(variance / nll.Length + logZ.StandardError * logZ.StandardError));
    }
}
