using Ebm.Runtime.Chains;

namespace Ebm.Facade.Partition;

/// <summary>Settings of annealed importance sampling: M runs, K temperatures, the base Gaussian and the MCMC transitions.</summary>
public sealed record AnnealedImportanceSamplingOptions
{
    /// <summary>M, the independent runs (device chains in parallel).</summary>
    public int Runs { get; init; } = 256;

    /// <summary>K, the number of intermediate distributions (β₁ … β_K = 1).</summary>
    public int Temperatures { get; init; } = 200;

    /// <summary>The spacing of β.</summary>
    public AnnealingSchedule Schedule { get; init; } = AnnealingSchedule.Sigmoid;

    /// <summary>HMC (default) or MALA.</summary>
    public SamplerKind Sampler { get; init; } = SamplerKind.Hmc;

    /// <summary>MCMC transitions per intermediate distribution.</summary>
    public int TransitionsPerTemperature { get; init; } = 2;

    /// <summary>HMC leapfrog steps per transition.</summary>
    public int LeapfrogSteps { get; init; } = 5;

    /// <summary>The initial step size; null for ¼ of the smallest base scale.</summary>
    public float? StepSize { get; init; }

    /// <summary>
    /// Whether the step size is tuned between blocks of temperatures from the acceptance rate pooled over all runs
    /// (population adaptation; the step size of a block depends on a single run only through a 1/M share of that rate).
    /// </summary>
    public bool AdaptStepSize { get; init; } = true;

    /// <summary>The acceptance rate the adaptation aims at.</summary>
    public double TargetAcceptance { get; init; } = 0.75;

    /// <summary>Temperatures per device launch (and per adaptation block).</summary>
    public int TemperaturesPerLaunch { get; init; } = 16;

    /// <summary>μ₀ of the base N(μ₀, diag σ₀²); null: the mean of the reference points, else 0.</summary>
    public IReadOnlyList<double>? BaseMean { get; init; }

    /// <summary>σ₀ of the base, one value (isotropic) or d values; null: the standard deviations of the reference points, else 1.</summary>
    public IReadOnlyList<double>? BaseScale { get; init; }

    /// <summary>The seed of the runs' random streams.</summary>
    public ulong Seed { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range (named in the message).</exception>
    public void Validate()
    {
        if (Runs < 2)
            throw new ArgumentOutOfRangeException(nameof(Runs), Runs, "AIS needs at least 2 runs (for a standard error)");
        if (Temperatures < 1)
            throw new ArgumentOutOfRangeException(nameof(Temperatures), Temperatures, "temperatures must be at least 1");
        if (Sampler is not (SamplerKind.Hmc or SamplerKind.Mala))
            throw new ArgumentOutOfRangeException(nameof(Sampler), Sampler, "AIS transitions are HMC or MALA");
        if (TransitionsPerTemperature < 1)
            throw new ArgumentOutOfRangeException(nameof(TransitionsPerTemperature), TransitionsPerTemperature, "transitions per temperature must be at least 1");
        if (LeapfrogSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(LeapfrogSteps), LeapfrogSteps, "leapfrog steps must be at least 1");
        if (StepSize is float step && (!(step > 0) || !float.IsFinite(step)))
            throw new ArgumentOutOfRangeException(nameof(StepSize), step, "the step size must be positive and finite");
        if (!(TargetAcceptance > 0 && TargetAcceptance < 1))
            throw new ArgumentOutOfRangeException(nameof(TargetAcceptance), TargetAcceptance, "the target acceptance must lie in (0, 1)");
        if (TemperaturesPerLaunch < 1)
            throw new ArgumentOutOfRangeException(nameof(TemperaturesPerLaunch), TemperaturesPerLaunch, "temperatures per launch must be at least 1");
        if (BaseMean is not null && BaseMean.Any(value => !double.IsFinite(value)))
            throw new ArgumentOutOfRangeException(nameof(BaseMean), "the base mean must be finite");
        if (BaseScale is not null && (BaseScale.Count == 0 || BaseScale.Any(value => !(value > 0) || !double.IsFinite(value))))
            throw new ArgumentOutOfRangeException(nameof(BaseScale), "the base scales must be positive and finite");
    }
}
