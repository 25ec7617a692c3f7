namespace Ebm.Facade.Partition;

/// <summary>The outcome of annealed importance sampling: the estimate and its diagnostics.</summary>
/// <param name="Estimate">log Ẑ ± its delta-method standard error, method "ais".</param>
/// <param name="LogWeights">The M final log weights log w_m (log Ẑ = log Z₀ + log mean w).</param>
/// <param name="LogBasePartition">log Z₀ of the base Gaussian.</param>
/// <param name="EffectiveSampleSize">(Σw)²/Σw², between 1 and M.</param>
/// <param name="AcceptanceRate">The mean acceptance probability of the transitions.</param>
/// <param name="FinalStepSize">The step size of the last block.</param>
/// <param name="Divergences">Divergent HMC transitions, over all runs.</param>
public sealed record AnnealedImportanceSamplingResult(PartitionEstimate Estimate, double[] LogWeights, double LogBasePartition,
    double EffectiveSampleSize, double AcceptanceRate, double FinalStepSize, long Divergences);
