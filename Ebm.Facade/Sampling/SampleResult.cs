using Ebm.Facade.Diagnostics;

namespace Ebm.Facade.Sampling;

/// <summary>Draws and their diagnostics from one sampling run.</summary>
/// <param name="Draws">Row-major [draws, chains, d] draws.</param>
/// <param name="DrawCount">The number of draws per chain.</param>
/// <param name="Chains">C.</param>
/// <param name="Dimension">d.</param>
/// <param name="PerDimension">Mean, variance, MCSE, R̂, bulk and tail ESS of each coordinate, over the finite chains.</param>
/// <param name="AcceptanceRate">Accepted / proposed over the sampling phase (1 for ULA, which accepts everything; for NUTS the mean
/// over transitions of Stan's acceptance statistic, the mean of min(1, exp(H₀ − H)) over a tree's leaves).</param>
/// <param name="Divergences">Divergent transitions during sampling, all chains.</param>
/// <param name="ExcludedChains">Chains with a non-finite draw or final energy, left out of <paramref name="PerDimension"/>.</param>
/// <param name="Seconds">Wall time of warm-up and sampling.</param>
/// <param name="ChainStepsPerSecond">(W + N)·C / seconds.</param>
/// <param name="GradientEvaluationsPerSecond">Gradient evaluations per second.</param>
/// <param name="FinalStepSize">The mean step size after warm-up.</param>
public sealed record SampleResult(
    float[] Draws,
    int DrawCount,
    int Chains,
    int Dimension,
    IReadOnlyList<ScalarDiagnostics> PerDimension,
    double AcceptanceRate,
    long Divergences,
    int ExcludedChains,
    double Seconds,
    double ChainStepsPerSecond,
    double GradientEvaluationsPerSecond,
    double FinalStepSize)
{
    /// <summary>Draw <paramref name="draw"/> of chain <paramref name="chain"/>, coordinate <paramref name="coordinate"/>.</summary>
    /// <param name="draw">The draw index.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="coordinate">The coordinate.</param>
    /// <returns>The value.</returns>
    public float At(int draw, int chain, int coordinate) => Draws[((long)draw * Chains + chain) * Dimension + coordinate];

    /// <summary>NUTS's tree statistics over the sampling phase; null for the other samplers.</summary>
    public TreeSummary? Trees { get; init; }

    /// <summary>ChEES-HMC's trajectory length T after warm-up; NaN for the other samplers.</summary>
    public double TrajectoryLength { get; init; } = double.NaN;

    /// <summary>Gradient evaluations per transition in the sampling phase (measured for NUTS, exact for the others).</summary>
    public double GradientsPerTransition { get; init; } = double.NaN;
}
