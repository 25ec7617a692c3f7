namespace Ebm.Cli.Plots;

/// <summary>What a training run records per iteration, for <see cref="PlotWriter.TrainingCurves"/>.</summary>
/// <param name="Iterations">The iterations at which <paramref name="Loss"/> and the energies were recorded, increasing.</param>
/// <param name="Loss">The training loss at each iteration (for contrastive divergence, mean E(data) − mean E(samples), plus any regulariser).</param>
/// <param name="PositiveEnergy">The mean energy of the data batch (the positive phase) at each iteration.</param>
/// <param name="NegativeEnergy">The mean energy of the model samples (the negative phase) at each iteration.</param>
/// <remarks>
/// The four lists have one entry per recorded iteration. The negative log-likelihood is usually evaluated less often:
/// <see cref="NllIterations"/> and <see cref="Nll"/> have their own, matching length (both empty when it was never evaluated).
/// NaN entries are left out of the plots.
/// </remarks>
public sealed record TrainingHistory(
    IReadOnlyList<long> Iterations,
    IReadOnlyList<double> Loss,
    IReadOnlyList<double> PositiveEnergy,
    IReadOnlyList<double> NegativeEnergy)
{
    /// <summary>The iterations at which the negative log-likelihood was evaluated, increasing.</summary>
    public IReadOnlyList<long> NllIterations { get; init; } = [];

    /// <summary>The negative log-likelihood per data point (nats) at each of <see cref="NllIterations"/>.</summary>
    public IReadOnlyList<double> Nll { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> when the lists are null or their lengths disagree.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Iterations);
        ArgumentNullException.ThrowIfNull(Loss);
        ArgumentNullException.ThrowIfNull(PositiveEnergy);
        ArgumentNullException.ThrowIfNull(NegativeEnergy);
        ArgumentNullException.ThrowIfNull(NllIterations);
        ArgumentNullException.ThrowIfNull(Nll);
        int count = Iterations.Count;
        if (Loss.Count != count || PositiveEnergy.Count != count || NegativeEnergy.Count != count)
            throw new ArgumentException($"Iterations, Loss, PositiveEnergy and NegativeEnergy need one entry each per iteration; got {count}, {Loss.Count}, {PositiveEnergy.Count}, {NegativeEnergy.Count}");
        if (NllIterations.Count != Nll.Count)
            throw new ArgumentException($"NllIterations and Nll need the same length; got {NllIterations.Count} and {Nll.Count}");
    }
}
