namespace Ebm.Kernels.Samplers;

/// <summary>Whether a Langevin step clamps positions to a box.</summary>
public enum PositionBounds
{
    /// <summary>Positions move freely.</summary>
    None,

    /// <summary>Every coordinate is clamped to [<see cref="LangevinTransition.Low"/>, <see cref="LangevinTransition.High"/>] (image EBMs: [0, 1]).</summary>
    Box,
}
