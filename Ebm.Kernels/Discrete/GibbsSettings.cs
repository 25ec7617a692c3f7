namespace Ebm.Kernels.Discrete;

/// <summary>Scalars of one Gibbs launch: K fused sweeps for every chain (a sweep updates every unit once).</summary>
public struct GibbsSettings
{
    /// <summary>The seed of every chain's random stream.</summary>
    public ulong Seed;

    /// <summary>The global index of the launch's first sweep (the Philox step counter).</summary>
    public ulong FirstSweep;

    /// <summary>K, the number of sweeps in this launch.</summary>
    public int Sweeps;

    /// <summary>β = 1/T: the samplers target exp(−βE).</summary>
    public float InverseTemperature;

    /// <summary>Record every Thin-th sweep into the draws buffer; 0 records nothing.</summary>
    public int Thin;
}
