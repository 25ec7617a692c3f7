using ILGPU;

namespace Ebm.Kernels.Training;

/// <summary>
/// The device's record of whether training diverged: two ints, the 1-based iteration at which it first did (0 while
/// healthy) and the <see cref="DivergenceCause"/>. Once set it stays set, and the optimiser kernels then leave θ alone, so
/// θ keeps the last good iteration while the host runs ahead without reading anything back.
/// </summary>
public static class TrainingHealth
{
    /// <summary>The ints the record takes.</summary>
    public const int Length = 2;

    /// <summary>Whether training has diverged.</summary>
    /// <param name="health">The record.</param>
    /// <returns>True once any iteration diverged.</returns>
    public static bool Diverged(ArrayView<int> health) => health[0] != 0;

    /// <summary>Records a divergence unless an earlier one is recorded (one thread writes it).</summary>
    /// <param name="health">The record.</param>
    /// <param name="iteration">The 1-based iteration.</param>
    /// <param name="cause">What diverged.</param>
    public static void Record(ArrayView<int> health, int iteration, DivergenceCause cause)
    {
        if (health[0] != 0)
            return;
        health[0] = iteration;
        health[1] = (int)cause;
    }
}
