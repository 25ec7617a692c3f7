using Ebm.Facade.Data;
using Ebm.Facade.Models;
using Ebm.Kernels.Partition;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Discrete;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Partition;

namespace Ebm.Facade.Partition;

/// <summary>
/// log Z of a continuous energy by annealed importance sampling (Neal 2001) along the geometric path from a base
/// Gaussian f₀ = N(μ₀, diag σ₀²) (unnormalised, log Z₀ = d/2 · log 2π + Σ log σ₀) to the target exp(−E/T).
/// </summary>
/// <remarks>
/// <para>log f_β(x) = (1 − β) log f₀(x) − β E(x)/T. Each of M independent runs starts at x₀ ~ f₀/Z₀ and accumulates
/// log w = Σ_k (β_k − β_{k−1}) (−E(x_{k−1})/T − log f₀(x_{k−1})), moving x between temperatures by HMC or MALA
/// transitions that leave f_{β_k} invariant. E[w] = Z/Z₀, so log Ẑ = log Z₀ + log( (1/M) Σ w_m ).</para>
/// <para>Standard error by the delta method: sd(w)/(√M · mean(w)), computed from the normalised weights; it
/// underestimates the error when the weights are heavy-tailed (then the ESS (Σw)²/Σw² is small: add temperatures).
/// log Ẑ is biased low by about SE²/2 (Jensen).</para>
/// <para>Everything between the base draws and the final weights runs on the device, one thread per run, with blocks of
/// temperatures fused into one launch. With <see cref="AnnealedImportanceSamplingOptions.AdaptStepSize"/> the step size
/// is rescaled between blocks from the acceptance rate pooled over all runs.</para>
/// </remarks>
public static class AnnealedImportanceSampling
{
    private const double SigmoidSharpness = 4;

    /// <summary>Estimates log Z of <paramref name="model"/>.</summary>
    /// <param name="model">The model (its temperature is honoured).</param>
    /// <param name="options">The options (defaults when null).</param>
    /// <param name="reference">[N, d] points the base is fitted to when the options leave μ₀ or σ₀ unset; null for N(0, I).</param>
    /// <param name="cancellation">Checked between launches.</param>
    /// <returns>The estimate and its diagnostics.</returns>
    public static AnnealedImportanceSamplingResult Estimate(EnergyModel model, AnnealedImportanceSamplingOptions? options = null,
        float[,]? reference = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new AnnealedImportanceSamplingOptions();
        options.Validate();
        int d = model.Dimension, runs = options.Runs, temperatures = options.Temperatures;
        var (mean, scales) = Base(options, reference, d);
        double logBase = 0.5 * d * Math.Log(2 * Math.PI) + scales.Sum(Math.Log);
        var session = model.Device.Session;
        using var pool = new ChainPool(session, runs, d, options.Seed);
        using var baseMean = new DeviceVector<float>(session, d);
        using var baseScales = new DeviceVector<float>(session, d);
        using var betas = new DeviceVector<float>(session, temperatures + 1);
        using var logWeights = new DeviceVector<float>(session, runs);
        baseMean.CopyFrom([.. mean.Select(value => (float)value)]);
        baseScales.CopyFrom([.. scales.Select(value => (float)value)]);
        betas.CopyFrom([.. Betas(options.Schedule, temperatures).Select(value => (float)value)]);
        double stepSize = options.StepSize ?? 0.25 * scales.Min();
        var sampler = new TransitionChoice(options.Sampler) { Leapfrog = options.LeapfrogSteps };
        var hostAcceptance = new float[runs];
        var hostDivergent = new int[runs];
        double acceptanceSum = 0, transitions = 0;
        long divergences = 0;
        for (int first = 1; first <= temperatures; first += options.TemperaturesPerLaunch)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(options.TemperaturesPerLaunch, temperatures - first + 1);
            pool.SetStepSizes((float)stepSize);
            pool.ResetCounters();
            AnnealingLauncher.Run(model.Device, pool, sampler, baseMean, baseScales, betas, logWeights, new AisSettings
            {
                First = first,
                Count = count,
                Last = temperatures,
                Transitions = options.TransitionsPerTemperature,
                InverseTemperature = (float)(1 / model.Temperature),
            });
            int moves = Math.Min(count, temperatures - first) * options.TransitionsPerTemperature; // no move after β_K
            if (moves == 0)
                continue;
            pool.AcceptanceSums.CopyTo(hostAcceptance);
            pool.Divergent.CopyTo(hostDivergent);
            double accepted = hostAcceptance.Sum(value => (double)value);
            acceptanceSum += accepted;
            transitions += (double)moves * runs;
            divergences += hostDivergent.Sum(value => (long)value);
            if (options.AdaptStepSize)
            {
                double rate = accepted / ((double)moves * runs);
                stepSize *= Math.Clamp(Math.Exp(2 * (rate - options.TargetAcceptance)), 0.5, 2);
            }
        }
        var weights = new float[runs];
        logWeights.CopyTo(weights);
        double[] logW = [.. weights.Select(value => (double)value)];
        var (logMean, standardError, ess) = Summarize(logW);
        var estimate = new PartitionEstimate(logBase + logMean, standardError, "ais") { EffectiveSampleSize = ess };
        return new AnnealedImportanceSamplingResult(estimate, logW, logBase, ess,
            transitions > 0 ? acceptanceSum / transitions : double.NaN, stepSize, divergences);
    }

    /// <summary>
    /// log Z of a binary RBM by AIS from the base-rate model p_A(v) ∝ exp(a·v) with block-Gibbs transitions at every
    /// intermediate β (Salakhutdinov &amp; Murray 2008); see <see cref="RbmAisKernels"/> for the path.
    /// </summary>
    /// <param name="spec">The machine (its temperature is honoured).</param>
    /// <param name="session">The accelerator session.</param>
    /// <param name="options">Runs, Temperatures, Schedule, TransitionsPerTemperature (Gibbs sweeps), TemperaturesPerLaunch and Seed apply.</param>
    /// <param name="data">[n, V] binary rows: a_k = logit of the Laplace-smoothed marginal (c_k + 1)/(n + 2); null for a = 0 (uniform base).</param>
    /// <param name="cancellation">Checked between launches.</param>
    /// <returns>The estimate (acceptance 1, step size NaN: Gibbs moves always accept).</returns>
    public static AnnealedImportanceSamplingResult Estimate(RbmSpec spec, AcceleratorSession session, AnnealedImportanceSamplingOptions? options = null,
        float[,]? data = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(session);
        options ??= new AnnealedImportanceSamplingOptions();
        options.Validate();
        int visible = spec.Visible, runs = options.Runs, temperatures = options.Temperatures;
        var baseBias = new double[visible];
        if (data is not null)
        {
            if (data.GetLength(1) != visible)
                throw new ArgumentException($"data have {data.GetLength(1)} units; the RBM has {visible} visible units", nameof(data));
            int n = data.GetLength(0);
            for (int k = 0; k < visible; k++)
            {
                double on = 0;
                for (int i = 0; i < n; i++)
                    on += data[i, k];
                double p = (on + 1) / (n + 2);
                baseBias[k] = Math.Log(p / (1 - p));
            }
        }
        double logBase = spec.Hidden * Math.Log(2) + baseBias.Sum(a => Math.Max(a, 0) + Math.Log(1 + Math.Exp(-Math.Abs(a))));
        using var machine = (RbmDeviceEnergy)spec.CreateDevice(session);
        using var visibleStates = new DeviceMatrix<float>(session, runs, visible);
        using var hiddenStates = new DeviceMatrix<float>(session, runs, spec.Hidden);
        using var bias = new DeviceVector<float>(session, visible);
        using var betas = new DeviceVector<float>(session, temperatures + 1);
        using var logWeights = new DeviceVector<float>(session, runs);
        bias.CopyFrom([.. baseBias.Select(value => (float)value)]);
        betas.CopyFrom([.. Betas(options.Schedule, temperatures).Select(value => (float)value)]);
        for (int first = 1; first <= temperatures; first += options.TemperaturesPerLaunch)
        {
            cancellation.ThrowIfCancellationRequested();
            AnnealingLauncher.RunRbm(machine, visibleStates, hiddenStates, bias, betas, logWeights, new AisSettings
            {
                Seed = options.Seed,
                First = first,
                Count = Math.Min(options.TemperaturesPerLaunch, temperatures - first + 1),
                Last = temperatures,
                Transitions = options.TransitionsPerTemperature,
                InverseTemperature = (float)(1 / spec.Temperature),
            });
        }
        var weights = new float[runs];
        logWeights.CopyTo(weights);
        double[] logW = [.. weights.Select(value => (double)value)];
        var (logMean, standardError, ess) = Summarize(logW);
        var estimate = new PartitionEstimate(logBase + logMean, standardError, "ais") { EffectiveSampleSize = ess };
        return new AnnealedImportanceSamplingResult(estimate, logW, logBase, ess, 1, double.NaN, 0);
    }

    /// <summary>The inverse temperatures β₀ = 0, β₁, …, β_K = 1 of a schedule.</summary>
    /// <param name="schedule">The spacing.</param>
    /// <param name="temperatures">K ≥ 1.</param>
    /// <returns>K + 1 increasing values.</returns>
    public static double[] Betas(AnnealingSchedule schedule, int temperatures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(temperatures, 1);
        var betas = new double[temperatures + 1];
        double low = Logistic(-SigmoidSharpness), high = Logistic(SigmoidSharpness);
        for (int k = 0; k <= temperatures; k++)
        {
            double t = (double)k / temperatures;
            betas[k] = schedule == AnnealingSchedule.Linear ? t : (Logistic(SigmoidSharpness * (2 * t - 1)) - low) / (high - low);
        }
        betas[0] = 0;
        betas[temperatures] = 1;
        return betas;
    }

    /// <summary>log mean w, its delta-method standard error and the ESS, from log weights (in float64, max-shifted).</summary>
    /// <param name="logWeights">M ≥ 2 finite log weights (−∞ allowed for zero weights).</param>
    /// <returns>log((1/M) Σ w), sd(w)/(√M mean w), (Σw)²/Σw².</returns>
    /// <exception cref="InvalidOperationException">A log weight is NaN or +∞, or every weight is 0.</exception>
    public static (double LogMean, double StandardError, double EffectiveSampleSize) Summarize(IReadOnlyList<double> logWeights)
    {
        ArgumentNullException.ThrowIfNull(logWeights);
        if (logWeights.Count < 2)
            throw new ArgumentException("at least two weights are needed", nameof(logWeights));
        if (logWeights.Any(value => double.IsNaN(value) || double.IsPositiveInfinity(value)))
            throw new InvalidOperationException("an AIS log weight is NaN or +∞: the energy is not finite along the path (try a smaller step size)");
        double max = logWeights.Max();
        if (!double.IsFinite(max))
            throw new InvalidOperationException("every AIS weight is 0");
        int m = logWeights.Count;
        double[] w = [.. logWeights.Select(value => Math.Exp(value - max))];
        double sum = w.Sum(), sumSquares = w.Sum(value => value * value);
        double mean = sum / m;
        double variance = w.Sum(value => (value - mean) * (value - mean)) / (m - 1);
        return (max + Math.Log(mean), Math.Sqrt(variance / m) / mean, sum * sum / sumSquares);
    }

    private static (double[] Mean, double[] Scales) Base(AnnealedImportanceSamplingOptions options, float[,]? reference, int d)
    {
        if (options.BaseMean is not null && options.BaseMean.Count != d)
            throw new ArgumentException($"the base mean has {options.BaseMean.Count} values; the model has d = {d}", nameof(options));
        if (options.BaseScale is not null && options.BaseScale.Count != 1 && options.BaseScale.Count != d)
            throw new ArgumentException($"the base scale has {options.BaseScale.Count} values; give 1 or d = {d}", nameof(options));
        if (reference is not null)
            PointBatch.Validate(reference, d, "reference");
        int n = reference?.GetLength(0) ?? 0;
        var (referenceMean, referenceDeviation) = reference is null ? (new double[d], new double[d]) : ColumnMoments.Of(reference);
        var mean = new double[d];
        var scales = new double[d];
        for (int j = 0; j < d; j++)
        {
            mean[j] = options.BaseMean?[j] ?? referenceMean[j];
            scales[j] = options.BaseScale is { } given ? given[given.Count == 1 ? 0 : j]
                : n > 1 ? Math.Max(referenceDeviation[j], 1e-3) : 1;
        }
        return (mean, scales);
    }

    private static double Logistic(double z) => 1 / (1 + Math.Exp(-z));
}
