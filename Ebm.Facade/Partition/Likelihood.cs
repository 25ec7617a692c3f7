using Ebm.Facade.Models;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Discrete;

namespace Ebm.Facade.Partition;

/// <summary>Honest likelihoods: log p(x) = −E(x)/T − log Ẑ, with the uncertainty of Ẑ carried into the mean NLL.</summary>
public static class Likelihood
{
    /// <summary>log Z of <paramref name="model"/>: the closed form when the spec has one, else grid quadrature around <paramref name="reference"/> (d ≤ 2), else AIS with default options.</summary>
    /// <param name="model">The model.</param>
    /// <param name="reference">Points whose bounding box (widened by 50% of its extent on each side) bounds the quadrature grid, and that AIS fits its base Gaussian to.</param>
    /// <param name="resolution">Grid cells per axis.</param>
    /// <returns>The estimate.</returns>
    public static PartitionEstimate EstimateLogPartition(EnergyModel model, float[,] reference, int resolution = 256) =>
        EstimateLogPartition(model, reference, PartitionMethod.Auto, null, resolution);

    /// <summary>log Z of <paramref name="model"/> by <paramref name="method"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="reference">Points: the quadrature box is their bounding box widened by 50% of its extent on each side; AIS fits its base to them (unless its options fix the base).</param>
    /// <param name="method">The method; <see cref="PartitionMethod.Auto"/> tries analytic, then quadrature (d ≤ 2), then AIS.</param>
    /// <param name="ais">AIS options (defaults when null).</param>
    /// <param name="resolution">Grid cells per axis (quadrature).</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">The method does not apply to the model (no closed form, quadrature with d &gt; 2, exact on a continuous model).</exception>
    public static PartitionEstimate EstimateLogPartition(EnergyModel model, float[,] reference, PartitionMethod method,
        AnnealedImportanceSamplingOptions? ais = null, int resolution = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        switch (method)
        {
            case PartitionMethod.Auto when model.Spec.LogPartition is not null:
            case PartitionMethod.Analytic:
                double exact = model.Spec.LogPartition
                    ?? throw new ArgumentException($"the {model.Spec.Kind} model has no closed-form log Z; use quadrature (d ≤ 2) or ais");
                return new PartitionEstimate(exact, 0, "analytic");
            case PartitionMethod.Auto when model.Dimension <= 2:
            case PartitionMethod.Quadrature:
                if (model.Dimension > 2)
                    throw new ArgumentException($"quadrature needs d ≤ 2 but the {model.Spec.Kind} model has d = {model.Dimension}; use ais");
                return GridQuadrature.LogPartition(model, QuadratureGrid.Around(reference, 0.5, resolution));
            case PartitionMethod.Auto:
            case PartitionMethod.Ais:
                return AnnealedImportanceSampling.Estimate(model, ais, reference).Estimate;
            case PartitionMethod.Exact:
                throw new ArgumentException($"exact enumeration applies to discrete models (ising, rbm), not to the continuous {model.Spec.Kind} model");
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "unknown method");
        }
    }

    /// <summary>log Z of a discrete model by exact enumeration (method "exact").</summary>
    /// <param name="spec">An Ising model or RBM small enough to enumerate.</param>
    /// <returns>The estimate, standard error 0.</returns>
    /// <exception cref="InvalidOperationException">The enumeration is too large.</exception>
    public static PartitionEstimate EstimateLogPartition(DiscreteSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new PartitionEstimate(spec.ExactLogPartition(), 0, "exact");
    }

    /// <summary>Exact log Z of an RBM, summed on the device in float64 over the 2^n states of its smaller layer (n ≤ <see cref="DiscreteSpec.MaxEnumeratedUnits"/>).</summary>
    /// <param name="machine">The RBM.</param>
    /// <param name="session">The accelerator session the sum runs on.</param>
    /// <returns>The estimate, with no error.</returns>
    /// <exception cref="ArgumentException">Both layers have more than 2^<see cref="DiscreteSpec.MaxEnumeratedUnits"/> states.</exception>
    public static PartitionEstimate ExactLogPartition(RbmSpec machine, AcceleratorSession session)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(session);
        using var device = (RbmDeviceEnergy)machine.CreateDevice(session);
        return new PartitionEstimate(RbmPartitionSum.LogPartition(device, machine.Temperature, DiscreteSpec.MaxEnumeratedUnits), 0, "exact");
    }

    /// <summary>log Z of a discrete model by <paramref name="method"/>: exact enumeration (an RBM's on the device when a session is given), or AIS for an RBM.</summary>
    /// <param name="spec">The model.</param>
    /// <param name="method">Exact; Ais (RBMs); Auto: exact when the enumeration fits (2^24 configurations), else AIS for an RBM.</param>
    /// <param name="session">The accelerator session AIS runs on (required for AIS).</param>
    /// <param name="ais">AIS options (defaults when null).</param>
    /// <param name="data">[n, V] data the RBM base-rate model is fitted to; null for a uniform base.</param>
    /// <returns>The estimate.</returns>
    public static PartitionEstimate EstimateLogPartition(DiscreteSpec spec, PartitionMethod method, AcceleratorSession? session = null,
        AnnealedImportanceSamplingOptions? ais = null, float[,]? data = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        bool enumerable = spec is not RbmSpec rbm ? spec.Units <= DiscreteSpec.MaxEnumeratedUnits : Math.Min(rbm.Visible, rbm.Hidden) <= DiscreteSpec.MaxEnumeratedUnits;
        if (method == PartitionMethod.Exact || (method == PartitionMethod.Auto && enumerable))
            return spec is RbmSpec enumerated && session is not null && enumerable ? ExactLogPartition(enumerated, session) : EstimateLogPartition(spec);
        if (method is not (PartitionMethod.Ais or PartitionMethod.Auto))
            throw new ArgumentException($"log Z of a discrete {spec.Kind} model is exact (enumeration) or ais (RBM); {method} does not apply");
        if (spec is not RbmSpec machine)
            throw new ArgumentException($"AIS for the {spec.Kind} model is not implemented; use exact enumeration");
        ArgumentNullException.ThrowIfNull(session);
        return AnnealedImportanceSampling.Estimate(machine, session, ais, data).Estimate;
    }

    /// <summary>log p(v) = log p̃(v) − log Z for each state of a discrete model (the RBM's visible marginal).</summary>
    /// <param name="spec">The model.</param>
    /// <param name="states">[N, n] states.</param>
    /// <param name="logZ">The log partition estimate.</param>
    /// <returns>N log probabilities, in float64 on the host.</returns>
    public static double[] LogLikelihood(DiscreteSpec spec, float[,] states, PartitionEstimate logZ)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(logZ);
        if (states.GetLength(1) != spec.Units)
            throw new ArgumentException($"states have {states.GetLength(1)} units; the model has {spec.Units}", nameof(states));
        var result = new double[states.GetLength(0)];
        var row = new double[spec.Units];
        for (int n = 0; n < result.Length; n++)
        {
            for (int i = 0; i < row.Length; i++)
                row[i] = states[n, i];
            result[n] = spec.UnnormalizedLogProbability(row) - logZ.LogZ;
        }
        return result;
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
    public static (double Mean, double StandardError) MeanNegativeLogLikelihood(EnergyModel model, float[,] points, PartitionEstimate logZ) =>
        MeanWithError(LogLikelihood(model, points, logZ), logZ);

    /// <summary>Mean −log p(x) over the states of a discrete model, and its standard error (the states' spread and log Z's error, in quadrature).</summary>
    /// <param name="spec">The model.</param>
    /// <param name="states">[N, n] states (0/1 visible units of an RBM, ±1 spins).</param>
    /// <param name="logZ">The log partition estimate.</param>
    /// <returns>The mean NLL in nats and its standard error.</returns>
    public static (double Mean, double StandardError) MeanNegativeLogLikelihood(DiscreteSpec spec, float[,] states, PartitionEstimate logZ) =>
        MeanWithError(LogLikelihood(spec, states, logZ), logZ);

    // −mean log p, with the standard error of the mean and log Z's error added in quadrature.
    private static (double Mean, double StandardError) MeanWithError(double[] logLikelihoods, PartitionEstimate logZ)
    {
        double[] nll = [.. logLikelihoods.Select(value => -value)];
        double mean = nll.Average();
        double variance = nll.Sum(value => (value - mean) * (value - mean)) / Math.Max(1, nll.Length - 1);
        return (mean, Math.Sqrt(variance / nll.Length + logZ.StandardError * logZ.StandardError));
    }
}
