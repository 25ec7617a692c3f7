namespace Ebm.Kernels.Samplers;

/// <summary>How an HMC transition chooses its number of leapfrog steps.</summary>
public enum TrajectoryJitter
{
    /// <summary>Always L steps.</summary>
    None,

    /// <summary>Uniform on 1 … L, drawn per chain and transition (avoids periodic trajectories).</summary>
    Uniform,

    /// <summary>
    /// ChEES-HMC's: an integration time u·T shared by every chain, u from the base-2 Halton (van der Corput) sequence at the
    /// pool's step counter, so ⌈u·T/ε⌉ steps (at most L), the same in every chain of a step and no chain waits for another.
    /// </summary>
    SharedHalton,
}
