using Ebm.Cli.Plots;
using Ebm.Facade.Training;

namespace Ebm.Cli.Training;

/// <summary>
/// The pictures an image training run writes at every checkpoint, replacing the last ones: an 8 × 8 grid of the latest
/// negatives, the histograms of data and sample energies, and the training curves so far when --plot names a file.
/// </summary>
/// <param name="samplesPath">The grid's PNG.</param>
/// <param name="energiesPath">The histograms' PNG.</param>
/// <param name="side">The images' side.</param>
/// <param name="data">The data set's name, for the titles.</param>
/// <param name="curves">The curves' PNG and the log they are drawn from, or null.</param>
internal sealed class SnapshotPictures(string samplesPath, string energiesPath, int side, string data, (string Path, TrainingLog Log)? curves) : IProgress<TrainingSnapshot>
{
    /// <summary>The files, next to the model: MODEL.samples.png and MODEL.energies.png.</summary>
    /// <param name="modelPath">The --out path.</param>
    /// <returns>The two paths.</returns>
    public static (string Samples, string Energies) PathsFor(string modelPath) =>
        (Path.ChangeExtension(modelPath, ".samples.png"), Path.ChangeExtension(modelPath, ".energies.png"));

    /// <inheritdoc/>
    public void Report(TrainingSnapshot value)
    {
        PlotWriter.ImageGrid(samplesPath, value.Samples, side, side, $"{data}: negatives at iteration {value.Iteration}");
        PlotWriter.EnergyHistograms(energiesPath, value.DataEnergies, value.SampleEnergies, $"{data}: energies at iteration {value.Iteration}");
        if (curves is var (path, log))
            PlotWriter.TrainingCurves(path, log.ToHistory(), $"Training on {data}");
    }
}
