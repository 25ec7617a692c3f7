namespace Ebm.Kernels.Partition;

/// <summary>Scalars of one annealed-importance-sampling launch: temperatures k = First … First + Count − 1 of 1 … K.</summary>
public struct AisSettings
{
    /// <summary>The seed of every run's random stream (stream = run id).</summary>
    public ulong Seed;

    /// <summary>The first temperature index k ≥ 1 of this launch; k = 1 also draws x₀ from the base.</summary>
    public int First;

    /// <summary>How many temperatures this launch covers.</summary>
    public int Count;

    /// <summary>K, the index of the last temperature (β_K = 1).</summary>
    public int Last;

    /// <summary>MCMC transitions per intermediate temperature.</summary>
    public int Transitions;

    /// <summary>1/T of the target.</summary>
    public float InverseTemperature;
}
