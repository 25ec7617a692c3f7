namespace Ebm.Facade.Models;

/// <summary>Exact quantities of an RBM at its temperature, from enumeration of one layer.</summary>
/// <param name="LogPartition">log Z = log Σ_{v,h} exp(−E(v, h)/T).</param>
/// <param name="VisibleMarginals">P(v_k = 1) for each visible unit.</param>
public sealed record RbmExactMoments(double LogPartition, IReadOnlyList<double> VisibleMarginals);
