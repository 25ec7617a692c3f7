namespace Ebm.Facade.Partition;

/// <summary>An estimate of log Z with its uncertainty and how it was obtained.</summary>
/// <param name="LogZ">The estimate of log Z.</param>
/// <param name="StandardError">Its standard error (Monte Carlo methods) or error estimate (quadrature); 0 when exact.</param>
/// <param name="Method">"quadrature", "ais", "exact" or "analytic".</param>
public sealed record PartitionEstimate(double LogZ, double StandardError, string Method)
{
    /// <summary>The effective sample size of the importance weights (AIS only; null otherwise).</summary>
    public double? EffectiveSampleSize { get; init; }
}
