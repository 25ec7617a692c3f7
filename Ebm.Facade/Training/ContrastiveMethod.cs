namespace Ebm.Facade.Training;

/// <summary>Where the negative samples of contrastive divergence start.</summary>
public enum ContrastiveMethod
{
    /// <summary>CD-k: chains start at the data batch and run k sampler steps.</summary>
    ContrastiveDivergence,

    /// <summary>Persistent CD: chains continue from a replay buffer kept across iterations (Du &amp; Mordatch 2019).</summary>
    Persistent,
}
