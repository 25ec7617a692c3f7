namespace Ebm.Kernels.Samplers;

/// <summary>How an HMC transition chooses its number of leapfrog steps.</summary>
public enum TrajectoryJitter
{
    /// <summary>Always L steps.</summary>
    None,

    /// <summary>Uniform on 1 … L, drawn per chain and transition (avoids periodic trajectories).</summary>
    Uniform,
}
