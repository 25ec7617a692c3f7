namespace Ebm.Facade.Benchmarks;

/// <summary>How to run a throughput workload.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>Timed repeats; the median is reported (default 5).</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Overrides the workload's chain count (null: the workload's own).</summary>
    public int? Chains { get; init; }

    /// <summary>Overrides the workload's steps (transitions for HMC) per launch (null: the workload's own).</summary>
    public int? Steps { get; init; }

    /// <summary>The seed of the chains and of the MLP's initialisation.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Throws unless every value is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (Repeats < 1)
            throw new ArgumentOutOfRangeException(nameof(Repeats), Repeats, "repeats must be at least 1");
        if (Chains is < 1)
            throw new ArgumentOutOfRangeException(nameof(Chains), Chains, "chains must be at least 1");
        if (Steps is < 1)
            throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "steps must be at least 1");
    }
}
