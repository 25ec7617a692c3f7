namespace Ebm.Kernels.Samplers;

/// <summary>The noise scale σ of a Langevin step x ← x − ε∇E/T + σξ.</summary>
public enum LangevinNoise
{
    /// <summary>σ = √(2ε): unadjusted Langevin, which targets exp(−E/T) as ε → 0.</summary>
    Exact,

    /// <summary>σ = <see cref="LangevinTransition.NoiseScale"/>: the decoupled SGLD form used to train EBMs.</summary>
    Fixed,
}
