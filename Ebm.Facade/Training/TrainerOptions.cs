using Ebm.Runtime.Chains;
using Ebm.Runtime.Training;

namespace Ebm.Facade.Training;

/// <summary>
/// Contrastive-divergence training settings. Defaults follow the 2-D EBM literature (IGEBM, Nijkamp et al.,
/// the UvA EBM tutorial): batch 256, persistent chains with a 10,000-point replay buffer and 5% uniform
/// reinitialisation, 60 true-ULA steps per iteration, energy regularisation α = 0.1, Adam with lr 1e-3 and
/// β₁ = 0, gradient clipping at norm 0.1.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>CD-k or persistent CD (default).</summary>
    public ContrastiveMethod Method { get; init; } = ContrastiveMethod.Persistent;

    /// <summary>Data points per iteration (one from each of B equal blocks of the data, see <see cref="Ebm.Kernels.Training.RowStrata"/>), and negative chains per iteration.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Sampler steps per iteration (k).</summary>
    public int SamplerSteps { get; init; } = 60;

    /// <summary>The sampler of the negatives (default ULA).</summary>
    public SamplerKind Sampler { get; init; } = SamplerKind.Ula;

    /// <summary>Sampler step size ε.</summary>
    public float StepSize { get; init; } = 0.01f;

    /// <summary>Langevin noise scale; null for the true ULA √(2ε), a value for the decoupled SGLD form.</summary>
    public float? NoiseScale { get; init; }

    /// <summary>Replay buffer size (persistent CD).</summary>
    public int BufferSize { get; init; } = 10_000;

    /// <summary>Probability that a negative chain restarts from fresh noise (persistent CD).</summary>
    public double ReinitProbability { get; init; } = 0.05;

    /// <summary>Margin added around the data's bounding box, as a fraction of its extent, for reinitialisation.</summary>
    public double ReinitMargin { get; init; } = 0.1;

    /// <summary>σ of the Gaussian noise added to every data point each iteration (image EBMs add a little, to smooth the data distribution); 0 for none.</summary>
    public double DataNoise { get; init; }

    /// <summary>The box [low, high] every coordinate stays in (image EBMs: [0, 1]): ULA negatives are clamped after every step, noisy data after the noise, and restarts are uniform in it; null for none.</summary>
    public (float Low, float High)? Clamp { get; init; }

    /// <summary>α in the regulariser α(E(x⁺)² + E(x⁻)²).</summary>
    public double EnergyRegularization { get; init; } = 0.1;

    /// <summary>L2 weight decay λ.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Global gradient-norm clip; +∞ disables it.</summary>
    public double GradientClip { get; init; } = 0.1;

    /// <summary>Adam (default) or SGD with momentum.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// Iterations over which the learning rate falls along a half cosine from <see cref="LearningRate"/> to
    /// <see cref="FinalLearningRateFraction"/> of it, staying there afterwards; 0 (the default) keeps it constant.
    /// </summary>
    public int DecayIterations { get; init; }

    /// <summary>The learning rate at the end of the decay, as a fraction of <see cref="LearningRate"/> (default 0.1).</summary>
    public double FinalLearningRateFraction { get; init; } = 0.1;

    /// <summary>β₁ (Adam) or momentum (SGD); 0 by default.</summary>
    public double Beta1 { get; init; }

    /// <summary>β₂ (Adam).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Seed of batches, reinitialisation and sampler noise.</summary>
    public ulong Seed { get; init; }

    /// <summary>The learning rate of the update made in iteration <paramref name="iteration"/> (counted from 0).</summary>
    /// <param name="iteration">Iterations completed before this update.</param>
    /// <returns>lr · (f + (1 − f) · (1 + cos(π · min(t, T)/T)) / 2) with T = <see cref="DecayIterations"/>, or lr when T = 0.</returns>
    public double LearningRateAt(int iteration)
    {
        if (DecayIterations == 0)
            return LearningRate;
        double progress = Math.Min(iteration, DecayIterations) / (double)DecayIterations;
        double f = FinalLearningRateFraction;
        return LearningRate * (f + (1 - f) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "at least 1");
        Require(SamplerSteps >= 1, nameof(SamplerSteps), SamplerSteps, "at least 1");
        Require(StepSize > 0 && float.IsFinite(StepSize), nameof(StepSize), StepSize, "positive and finite");
        Require(NoiseScale is null || NoiseScale >= 0, nameof(NoiseScale), NoiseScale, "0 or more");
        Require(Method == ContrastiveMethod.ContrastiveDivergence || BufferSize >= BatchSize, nameof(BufferSize), BufferSize, "at least the batch size");
        Require(ReinitProbability is >= 0 and <= 1, nameof(ReinitProbability), ReinitProbability, "between 0 and 1");
        Require(ReinitMargin >= 0, nameof(ReinitMargin), ReinitMargin, "0 or more");
        Require(EnergyRegularization >= 0, nameof(EnergyRegularization), EnergyRegularization, "0 or more");
        Require(DataNoise >= 0 && double.IsFinite(DataNoise), nameof(DataNoise), DataNoise, "finite and 0 or more");
        Require(Clamp is not { } box || (box.Low < box.High && float.IsFinite(box.Low) && float.IsFinite(box.High)), nameof(Clamp), Clamp, "a finite box with low < high");
        Require(Clamp is null || Sampler == SamplerKind.Ula, nameof(Clamp), Clamp, "used with the ULA sampler only (a clamped step has no Metropolis correction)");
        Require(WeightDecay >= 0, nameof(WeightDecay), WeightDecay, "0 or more");
        Require(GradientClip > 0, nameof(GradientClip), GradientClip, "positive");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "positive and finite");
        Require(DecayIterations >= 0, nameof(DecayIterations), DecayIterations, "0 or more");
        Require(FinalLearningRateFraction is >= 0 and <= 1, nameof(FinalLearningRateFraction), FinalLearningRateFraction, "between 0 and 1");
        Require(Beta1 is >= 0 and < 1, nameof(Beta1), Beta1, "in [0, 1)");
        Require(Beta2 is >= 0 and < 1, nameof(Beta2), Beta2, "in [0, 1)");
    }

    private static void Require(bool condition, string name, object? value, string allowed)
    {
        if (!condition)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {allowed}");
    }
}
