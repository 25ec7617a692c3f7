using Ebm.Runtime.Discrete;

namespace Ebm.Facade.Sampling;

/// <summary>How to run Gibbs chains: how many, how long, how thinned. Validated once by <see cref="Validate"/>.</summary>
public sealed record GibbsOptions
{
    /// <summary>Parallel chains C (default 256).</summary>
    public int Chains { get; init; } = 256;

    /// <summary>Warm-up sweeps, discarded (default 200).</summary>
    public int Warmup { get; init; } = 200;

    /// <summary>Sampling sweeps N after warm-up (default 1,000).</summary>
    public int Sweeps { get; init; } = 1000;

    /// <summary>Keep every k-th sweep as a draw (default 1).</summary>
    public int Thin { get; init; } = 1;

    /// <summary>The most sweeps one kernel launch runs (default 500): bounds the time between progress reports and cancellation checks.</summary>
    public int SweepsPerLaunch { get; init; } = 500;

    /// <summary>Ising models only: the launch shape (default one thread per chain, fused sweeps).</summary>
    public IsingUpdate IsingUpdate { get; init; } = IsingUpdate.FusedSweeps;

    /// <summary>The seed of the chains' random streams (also of their random initial states).</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option and its allowed range.</summary>
    public void Validate()
    {
        Require(Chains >= 1, nameof(Chains), Chains, "at least 1");
        Require(Warmup >= 0, nameof(Warmup), Warmup, "0 or more");
        Require(Sweeps >= 1, nameof(Sweeps), Sweeps, "at least 1");
        Require(Thin >= 1 && Thin <= Sweeps, nameof(Thin), Thin, "between 1 and Sweeps");
        Require(Sweeps % Thin == 0, nameof(Sweeps), Sweeps, $"a multiple of Thin ({Thin})");
        Require(SweepsPerLaunch >= 1, nameof(SweepsPerLaunch), SweepsPerLaunch, "at least 1");
        Require(Enum.IsDefined(IsingUpdate), nameof(IsingUpdate), IsingUpdate, "a defined IsingUpdate");
    }

    private static void Require(bool condition, string name, object? value, string allowed)
    {
        if (!condition)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {allowed}");
    }
}
