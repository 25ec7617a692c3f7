namespace Ebm.Facade.Partition;

/// <summary>How the K inverse temperatures β₁ … β_K = 1 of annealed importance sampling are spaced.</summary>
public enum AnnealingSchedule
{
    /// <summary>β_k = σ(δ(2k/K − 1)) rescaled to [0, 1], δ = 4 (Grosse et al. 2015): dense near both ends.</summary>
    Sigmoid,

    /// <summary>β_k = k/K.</summary>
    Linear,
}
