namespace Ebm.Kernels.Samplers;

/// <summary>Scalars of one sampler launch (K fused steps for every chain); the transition's own parameters are its fields.</summary>
public struct SamplerSettings
{
    /// <summary>The seed of every chain's random stream.</summary>
    public ulong Seed;

    /// <summary>
    /// The run-wide index of the pool's chain 0: chain c reads stream FirstChain + c, so a pool that holds a block of a
    /// run's chains (one device or MPI rank of a sharded run) draws exactly what those chains draw in one pool.
    /// </summary>
    public uint FirstChain;

    /// <summary>The global index of the launch's first step (the Philox counter).</summary>
    public ulong FirstStep;

    /// <summary>K, the number of steps in this launch.</summary>
    public int Steps;

    /// <summary>1/T: the samplers target exp(−E/T).</summary>
    public float InverseTemperature;

    /// <summary>Record every Thin-th step into the draws buffer; 0 records nothing.</summary>
    public int Thin;

    /// <summary>What the Metropolis tests of these steps do to each chain's step size.</summary>
    public StepSizeAdaptation Adaptation;

    /// <summary>The dual-averaging iteration of the launch's first step (0-based).</summary>
    public int AdaptationIteration;

    /// <summary>The acceptance probability dual averaging aims at.</summary>
    public float TargetAcceptance;
}
