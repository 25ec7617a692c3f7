namespace Ebm.Kernels.Samplers;

/// <summary>What a launch does to each chain's step size.</summary>
public enum StepSizeAdaptation
{
    /// <summary>The step sizes stay as they are.</summary>
    Fixed,

    /// <summary>Each chain adapts its own step size by <see cref="Samplers.DualAveraging"/> after every Metropolis test.</summary>
    DualAveraging,
}
