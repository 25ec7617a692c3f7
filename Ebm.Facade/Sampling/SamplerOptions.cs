using Ebm.Runtime.Chains;

namespace Ebm.Facade.Sampling;

/// <summary>How to sample: the sampler, the chains, the schedule and the adaptation. Validated once by <see cref="Validate"/>.</summary>
public sealed record SamplerOptions
{
    /// <summary>The sampler (default HMC).</summary>
    public SamplerKind Kind { get; init; } = SamplerKind.Hmc;

    /// <summary>Parallel chains C (default 4,096).</summary>
    public int Chains { get; init; } = 4096;

    /// <summary>Warm-up steps W, discarded (default 500); step size and mass matrix adapt here.</summary>
    public int Warmup { get; init; } = 500;

    /// <summary>Sampling steps N after warm-up (default 1,000).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Keep every k-th step as a draw (default 1).</summary>
    public int Thin { get; init; } = 1;

    /// <summary>The initial (or fixed) step size ε (default 0.1).</summary>
    public float StepSize { get; init; } = 0.1f;

    /// <summary>HMC leapfrog steps L (default 10).</summary>
    public int Leapfrog { get; init; } = 10;

    /// <summary>The most leapfrog steps an HMC trajectory may take (a cap, so that a typo cannot run for days).</summary>
    public const int MaxLeapfrog = 100_000;

    /// <summary>NUTS: the most doublings of a trajectory (default 10, at most 2¹⁰ − 1 leapfrog steps).</summary>
    public int MaxTreeDepth { get; init; } = 10;

    /// <summary>Draw HMC's number of leapfrog steps uniformly from 1..L at each transition.</summary>
    public bool JitterLeapfrog { get; init; }

    /// <summary>Adapt the step size by dual averaging during warm-up (not for ULA, which has no acceptance).</summary>
    public bool AdaptStepSize { get; init; } = true;

    /// <summary>One step size for all chains, updated once per iteration from the mean acceptance, instead of one per chain.</summary>
    public bool SharedStepSize { get; init; }

    /// <summary>Whether the chains share one step size: when asked, and always for ChEES-HMC (tuned from the harmonic mean acceptance).</summary>
    public bool SharesStepSize => SharedStepSize || Kind == SamplerKind.Chees;

    /// <summary>The acceptance probability to adapt to; null picks 0.8 (HMC and NUTS), 0.651 (ChEES-HMC's harmonic mean, as BlackJAX), 0.574 (MALA), 0.234 (RWMH).</summary>
    public float? TargetAcceptance { get; init; }

    /// <summary>Estimate a diagonal mass matrix (HMC, NUTS, ChEES-HMC) or preconditioner (MALA) in warm-up windows (default true).</summary>
    public bool AdaptMassMatrix { get; init; } = true;

    /// <summary>HMC energy error above which a transition is divergent (default 1000).</summary>
    public float DivergenceThreshold { get; init; } = 1000;

    /// <summary>ULA noise scale σ; null for the exact √(2ε) (the SGLD form when set).</summary>
    public float? NoiseScale { get; init; }

    /// <summary>ULA clamp box [low, high] applied to every coordinate; null for none.</summary>
    public (float Low, float High)? Clamp { get; init; }

    /// <summary>
    /// K superchains for nested R̂, or null for none: superchain k holds chains k·M … k·M + M − 1 (M = C/K), which all
    /// start from one point, and the summary adds nested R̂ per coordinate.
    /// </summary>
    public int? Superchains { get; init; }

    /// <summary>Chains per superchain M (1 without superchains, when every chain starts on its own).</summary>
    public int ChainsPerSuperchain => Superchains is int k ? Chains / k : 1;

    /// <summary>The seed of the chains' random streams.</summary>
    public ulong Seed { get; init; }

    /// <summary>The target acceptance actually used.</summary>
    public float EffectiveTargetAcceptance => TargetAcceptance ?? Kind switch
    {
        SamplerKind.Hmc or SamplerKind.Nuts => 0.8f,
        SamplerKind.Chees => 0.651f,
        SamplerKind.Mala => 0.574f,
        _ => 0.234f,
    };

    /// <summary>Whether warm-up adapts the step size (ULA has no acceptance to adapt to).</summary>
    public bool AdaptsStepSize => AdaptStepSize && Kind != SamplerKind.Ula && Warmup > 0;

    /// <summary>Gradient evaluations per transition (for throughput figures; NUTS's vary, and the sampler measures them).</summary>
    public double GradientsPerStep => Kind == SamplerKind.Hmc ? (JitterLeapfrog ? (Leapfrog + 1) / 2.0 : Leapfrog) : 1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option and its allowed range.</summary>
    public void Validate()
    {
        Require(Chains >= 1, nameof(Chains), Chains, "at least 1");
        Require(Warmup >= 0, nameof(Warmup), Warmup, "0 or more");
        Require(Steps >= 1, nameof(Steps), Steps, "at least 1");
        Require(Thin >= 1 && Thin <= Steps, nameof(Thin), Thin, "between 1 and Steps");
        Require(StepSize > 0 && float.IsFinite(StepSize), nameof(StepSize), StepSize, "positive and finite");
        Require(Leapfrog is >= 1 and <= MaxLeapfrog, nameof(Leapfrog), Leapfrog, $"between 1 and {MaxLeapfrog:N0}");
        Require(MaxTreeDepth is >= 1 and <= Ebm.Kernels.Samplers.NutsTransition.DeepestTree, nameof(MaxTreeDepth), MaxTreeDepth, $"between 1 and {Ebm.Kernels.Samplers.NutsTransition.DeepestTree}");
        Require(TargetAcceptance is null || (TargetAcceptance > 0 && TargetAcceptance < 1), nameof(TargetAcceptance), TargetAcceptance, "strictly between 0 and 1");
        Require(DivergenceThreshold > 0, nameof(DivergenceThreshold), DivergenceThreshold, "positive");
        Require(NoiseScale is null || (NoiseScale >= 0 && float.IsFinite(NoiseScale.Value)), nameof(NoiseScale), NoiseScale, "0 or more and finite");
        Require(Clamp is null || Clamp.Value.Low < Clamp.Value.High, nameof(Clamp), Clamp, "low < high");
        Require(Superchains is null || (Superchains >= 2 && Chains % Superchains == 0), nameof(Superchains), Superchains, "at least 2 and a divisor of Chains");
    }

    private static void Require(bool condition, string name, object? value, string allowed)
    {
        if (!condition)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {allowed}");
    }
}
