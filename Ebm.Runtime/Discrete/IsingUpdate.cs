namespace Ebm.Runtime.Discrete;

/// <summary>How Ising chains are swept on the device.</summary>
public enum IsingUpdate
{
    /// <summary>One thread per chain runs K checkerboard sweeps in one launch (best for many chains on small lattices).</summary>
    FusedSweeps,

    /// <summary>One thread per site, one launch per colour and sweep (best for large lattices on GPUs); each side must be even or 1.</summary>
    ColourLaunches,
}
