namespace Ebm.Facade.Diagnostics;

/// <summary>Summary and convergence diagnostics of one scalar's MCMC draws.</summary>
/// <param name="Mean">The mean of all draws.</param>
/// <param name="Variance">The sample variance of all draws (n − 1 in the denominator).</param>
/// <param name="Mcse">The Monte Carlo standard error of <paramref name="Mean"/> (<see cref="MonteCarloStandardError.Mean"/>).</param>
/// <param name="RHat">The rank-normalised split-R̂ (<see cref="SplitRHat.Compute"/>).</param>
/// <param name="EssBulk">The bulk effective sample size (<see cref="EffectiveSampleSize.Bulk"/>).</param>
/// <param name="EssTail">The tail effective sample size (<see cref="EffectiveSampleSize.Tail"/>).</param>
public sealed record ScalarDiagnostics(double Mean, double Variance, double Mcse, double RHat, double EssBulk, double EssTail)
{
    /// <summary>Nested R̂ (<see cref="Diagnostics.NestedRHat"/>) when the chains form superchains; NaN otherwise, or when a chain was excluded.</summary>
    public double NestedRHat { get; init; } = double.NaN;
}
