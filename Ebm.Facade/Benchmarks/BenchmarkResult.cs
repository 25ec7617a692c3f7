namespace Ebm.Facade.Benchmarks;

/// <summary>The timing of one workload on one accelerator.</summary>
/// <param name="Workload">The workload.</param>
/// <param name="Description">What it runs, in words.</param>
/// <param name="Chains">C.</param>
/// <param name="Steps">K steps (HMC: transitions) per timed launch.</param>
/// <param name="GradientsPerStep">∇ₓE evaluations per chain and step (ULA 1, HMC L).</param>
/// <param name="Seconds">Every timed repeat, in seconds (warm-up excluded).</param>
/// <param name="FlopPerGradient">The FLOP count assumed per gradient evaluation, when one is stated.</param>
/// <param name="FlopAssumption">How <paramref name="FlopPerGradient"/> was counted.</param>
public sealed record BenchmarkResult(BenchmarkWorkload Workload, string Description, int Chains, int Steps, int GradientsPerStep,
    IReadOnlyList<double> Seconds, double? FlopPerGradient, string? FlopAssumption)
{
    /// <summary>The median of <see cref="Seconds"/>.</summary>
    public double MedianSeconds
    {
        get
        {
            double[] sorted = [.. Seconds.Order()];
            int middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
        }
    }

    /// <summary>C·K / median seconds.</summary>
    public double ChainStepsPerSecond => (double)Chains * Steps / MedianSeconds;

    /// <summary>C·K·(gradients per step) / median seconds.</summary>
    public double GradientEvaluationsPerSecond => ChainStepsPerSecond * GradientsPerStep;

    /// <summary>Gradient evaluations per second × FLOP per gradient / 10⁹, when a FLOP count is stated.</summary>
    public double? GigaflopsPerSecond => FlopPerGradient * GradientEvaluationsPerSecond / 1e9;
}
