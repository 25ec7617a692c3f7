namespace Ebm.Kernels.Samplers;

/// <summary>Scalars of one sampler launch (K fused steps for every chain).</summary>
public struct SamplerSettings
{
    /// <summary>The seed of every chain's random stream.</summary>
    public ulong Seed;

    /// <summary>The global index of the launch's first step (the Philox counter).</summary>
    public ulong FirstStep;

    /// <summary>K, the number of steps in this launch.</summary>
    public int Steps;

    /// <summary>1/T: the samplers target exp(−E/T).</summary>
    public float InverseTemperature;

    /// <summary>Record every Thin-th step into the draws buffer; 0 records nothing.</summary>
    public int Thin;

    /// <summary>1 to adapt each chain's step size by dual averaging during these steps.</summary>
    public int AdaptStepSize;

    /// <summary>The dual-averaging iteration of the launch's first step (0-based).</summary>
    public int AdaptationIteration;

    /// <summary>The acceptance probability dual averaging aims at.</summary>
    public float TargetAcceptance;

    /// <summary>Langevin noise scale σ; a negative value means the exact ULA √(2ε).</summary>
    public float NoiseScale;

    /// <summary>1 to clamp positions to [ClampLow, ClampHigh] after each Langevin step.</summary>
    public int Clamp;

    /// <summary>Lower clamp bound.</summary>
    public float ClampLow;

    /// <summary>Upper clamp bound.</summary>
    public float ClampHigh;

    /// <summary>HMC leapfrog steps L.</summary>
    public int Leapfrog;

    /// <summary>1 to draw the number of leapfrog steps uniformly from 1..L at every transition.</summary>
    public int JitterLeapfrog;

    /// <summary>An HMC transition whose energy error exceeds this is divergent (default 1000).</summary>
    public float DivergenceThreshold;
}
