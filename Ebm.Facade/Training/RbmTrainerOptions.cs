using Ebm.Runtime.Training;

namespace Ebm.Facade.Training;

/// <summary>Settings of RBM training by CD-k (or persistent CD) with block-Gibbs negatives.</summary>
public sealed record RbmTrainerOptions
{
    /// <summary>Data rows per iteration (one from each of B equal blocks of the data), and negative chains.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>k, block-Gibbs sweeps (h then v) per iteration.</summary>
    public int GibbsSteps { get; init; } = 1;

    /// <summary>False: CD-k, chains restart at the data batch; true: persistent chains (PCD-k).</summary>
    public bool Persistent { get; init; }

    /// <summary>SGD with momentum (default, the classic RBM recipe) or Adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Momentum (SGD) or β₁ (Adam).</summary>
    public double Momentum { get; init; } = 0.5;

    /// <summary>L2 weight decay λ.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Seed of batches and Gibbs noise.</summary>
    public ulong Seed { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public void Validate()
    {
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be at least 1");
        if (GibbsSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(GibbsSteps), GibbsSteps, "Gibbs steps must be at least 1");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "learning rate must be positive and finite");
        if (!(Momentum >= 0 && Momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "momentum must lie in [0, 1)");
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "weight decay must be 0 or more and finite");
    }
}
