using Ebm.Kernels.Training;

namespace Ebm.Facade.Training;

/// <summary>
/// Training produced a non-finite energy or gradient. The parameters and optimiser state are those of the last good
/// iteration; the chains and replay buffer are not, so continue from a checkpoint, not from this trainer.
/// </summary>
/// <param name="iteration">The 1-based iteration that diverged.</param>
/// <param name="cause">What was not finite.</param>
public sealed class TrainingDivergedException(int iteration, DivergenceCause cause)
    : Exception($"{Describe(cause)} is not finite at iteration {iteration}: {Remedy(cause)}")
{
    /// <summary>The 1-based iteration that diverged.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>What was not finite.</summary>
    public DivergenceCause Cause { get; } = cause;

    private static string Describe(DivergenceCause cause) => cause switch
    {
        DivergenceCause.DataEnergy => "an energy of the data batch",
        DivergenceCause.SampleEnergy => "an energy of the negative samples",
        _ => "the parameter gradient",
    };

    private static string Remedy(DivergenceCause cause) =>
        cause == DivergenceCause.SampleEnergy ? "lower the sampler step size or the learning rate" : "lower the learning rate";
}
