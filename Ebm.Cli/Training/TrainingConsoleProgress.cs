using System.Diagnostics;
using Ebm.Facade.Training;

namespace Ebm.Cli.Training;

/// <summary>
/// Training progress on standard error: a redrawn progress bar with ETA and live metrics when it is a terminal,
/// plain periodic log lines otherwise (CI, pipes).
/// </summary>
/// <param name="writer">Standard error.</param>
/// <param name="totalIterations">The iteration count the run ends at.</param>
/// <param name="interactive">Whether <paramref name="writer"/> is a terminal.</param>
internal sealed class TrainingConsoleProgress(TextWriter writer, int totalIterations, bool interactive) : IProgress<TrainingProgress>
{
    private const int BarWidth = 30;
    private readonly Stopwatch sinceLast = Stopwatch.StartNew();
    private int firstIteration = -1;

    /// <inheritdoc/>
    public void Report(TrainingProgress value)
    {
        if (firstIteration < 0)
            firstIteration = value.Iteration - 1;
        bool last = value.Iteration >= totalIterations;
        double interval = interactive ? 0.2 : 5;
        if (!last && sinceLast.Elapsed.TotalSeconds < interval)
            return;
        sinceLast.Restart();
        double rate = (value.Iteration - firstIteration) / Math.Max(value.Seconds, 1e-9);
        double eta = (totalIterations - value.Iteration) / Math.Max(rate, 1e-9);
        string metrics = $"it {value.Iteration}/{totalIterations}  loss {value.Loss:F3}  E+ {value.PositiveEnergy:F2}  E- {value.NegativeEnergy:F2}  gap {value.NegativeEnergy - value.PositiveEnergy:F2}"
            + (double.IsNaN(value.Acceptance) ? "" : $"  acc {value.Acceptance:F2}") + $"  {rate:F1} it/s  ETA {eta:F0}s";
        if (!interactive)
        {
            writer.WriteLine($"ebm: train {metrics}");
            return;
        }
        int filled = (int)(BarWidth * (double)value.Iteration / totalIterations);
        writer.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {metrics}   ");
        if (last)
            writer.WriteLine();
    }
}
