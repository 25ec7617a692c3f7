namespace Ebm.Facade.Training;

/// <summary>What a training run looks like at a checkpoint, for pictures: the latest negatives and the energies of data and negatives.</summary>
/// <param name="Iteration">The iteration just completed.</param>
/// <param name="Samples">[n, d] negatives of the last iteration (the first chains of member 0).</param>
/// <param name="DataEnergies">E of up to <see cref="NetworkTrainingRun.SnapshotDataPoints"/> training points.</param>
/// <param name="SampleEnergies">E of every row of <paramref name="Samples"/>.</param>
public sealed record TrainingSnapshot(int Iteration, float[,] Samples, float[] DataEnergies, float[] SampleEnergies);
