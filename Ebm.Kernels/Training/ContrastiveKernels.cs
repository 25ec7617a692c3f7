using ILGPU;

namespace Ebm.Kernels.Training;

/// <summary>
/// The scalar part of a contrastive-divergence iteration on the device, for a [2B] batch of energies whose first B rows
/// are the data and last B the negatives: the per-row weights of the gradient, and the iteration's measurements.
/// </summary>
public static class ContrastiveKernels
{
    /// <summary>
    /// weights[n] = (±1 + 2αEₙ)/B, + for data rows: Σₙ wₙ ∇θEₙ is then ∇θ of mean E(x⁺) − mean E(x⁻) + α(mean E(x⁺)² + mean E(x⁻)²).
    /// A member of a sharded run holds b of the run's B rows of each half, and its sum is its share of the run's.
    /// </summary>
    /// <param name="n">The row.</param>
    /// <param name="energies">[2b].</param>
    /// <param name="weights">[2b] output.</param>
    /// <param name="batch">b, the member's rows of each half.</param>
    /// <param name="runBatch">B, the run's.</param>
    /// <param name="alpha">α ≥ 0, the energy-magnitude regulariser.</param>
    public static void Weights(Index1D n, ArrayView<float> energies, ArrayView<float> weights, int batch, int runBatch, float alpha) =>
        weights[n] = ((n.X < batch ? 1f : -1f) + 2 * alpha * energies[n]) / runBatch;

    /// <summary>
    /// One thread: the loss and mean energies into <paramref name="metrics"/> (a row laid out as <see cref="TrainingMetric"/>),
    /// the acceptance rate from the per-chain counts, and a divergence into <paramref name="health"/> when an energy is not finite.
    /// </summary>
    /// <param name="thread">The only thread.</param>
    /// <param name="energies">[2B].</param>
    /// <param name="accepted">[B] accepted proposals per chain this iteration, or empty for a sampler without acceptance.</param>
    /// <param name="metrics">The iteration's metrics row.</param>
    /// <param name="health">The <see cref="TrainingHealth"/> record.</param>
    /// <param name="settings">B, α, the iteration and the proposals per chain.</param>
    public static void Measure(Index1D thread, ArrayView<float> energies, ArrayView<int> accepted, ArrayView<float> metrics, ArrayView<int> health,
        ContrastiveMeasurement settings)
    {
        int batch = settings.Batch;
        float positive = 0, negative = 0, squares = 0;
        for (int n = 0; n < 2 * batch; n++)
        {
            float energy = energies[n];
            if (!float.IsFinite(energy))
                TrainingHealth.Record(health, settings.Iteration, n < batch ? DivergenceCause.DataEnergy : DivergenceCause.SampleEnergy);
            if (n < batch)
                positive += energy;
            else
                negative += energy;
            squares += energy * energy;
        }
        long acceptedTotal = 0;
        for (int c = 0; c < accepted.Length; c++)
            acceptedTotal += accepted[c];
        metrics[(int)TrainingMetric.Loss] = (positive - negative + settings.Alpha * squares) / batch;
        metrics[(int)TrainingMetric.PositiveEnergy] = positive / batch;
        metrics[(int)TrainingMetric.NegativeEnergy] = negative / batch;
        metrics[(int)TrainingMetric.Acceptance] = accepted.Length == 0 ? float.NaN : acceptedTotal / ((float)batch * settings.ProposalsPerChain);
    }
}
