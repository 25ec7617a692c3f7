using System.Diagnostics;
using Ebm.Kernels.Training;
using Ebm.Runtime.Training;

namespace Ebm.Facade.Training;

/// <summary>
/// Brings a trainer's per-iteration measurements back from its <see cref="TrainingMonitor"/>: iterations are enqueued
/// without host reads, and the feed reads the rows not yet reported when the ring is full, when progress is wanted and
/// <see cref="ReportInterval"/> has passed, and at the end of a run. It raises the device's divergence record as a
/// <see cref="TrainingDivergedException"/>, after reporting the iterations before it.
/// </summary>
internal sealed class TrainingFeed(TrainingMonitor monitor)
{
    /// <summary>The shortest time between reads while progress is reported.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(0.25);

    private readonly Stopwatch training = new();
    private readonly Stopwatch sinceRead = Stopwatch.StartNew();

    /// <summary>The last iteration whose measurements were read (or restored from a checkpoint).</summary>
    public int ReadThrough { get; set; }

    /// <summary>The iteration at which training diverged, once a read has found it; 0 before.</summary>
    public int DivergedAt { get; private set; }

    /// <summary>
    /// Runs <paramref name="iterations"/> iterations back to back, reading their measurements when due and all of them
    /// before returning.
    /// </summary>
    /// <param name="iterations">The number of iterations.</param>
    /// <param name="enqueue">Enqueues one iteration on the device and returns its 1-based number.</param>
    /// <param name="progress">Receives each iteration's measurements, or null.</param>
    /// <param name="cancellation">Checked before every iteration; the iterations before it are reported, then it throws.</param>
    /// <exception cref="TrainingDivergedException">An iteration diverged.</exception>
    /// <exception cref="InvalidOperationException">An earlier run diverged.</exception>
    public void Run(int iterations, Func<int> enqueue, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        if (DivergedAt > 0)
            throw new InvalidOperationException($"training diverged at iteration {DivergedAt}; restore a checkpoint into a new trainer to go on");
        training.Start();
        try
        {
            int last = ReadThrough;
            for (int i = 0; i < iterations; i++)
            {
                if (cancellation.IsCancellationRequested)
                {
                    Read(last, progress);
                    cancellation.ThrowIfCancellationRequested();
                }
                last = enqueue();
                if (last - ReadThrough >= TrainingMonitor.Capacity || progress is not null && sinceRead.Elapsed >= ReportInterval)
                    Read(last, progress);
            }
            Read(last, progress);
        }
        finally
        {
            training.Stop();
        }
    }

    /// <summary>Runs one iteration and returns its measurements.</summary>
    /// <param name="enqueue">Enqueues the iteration and returns its number.</param>
    /// <returns>The measurements.</returns>
    public TrainingProgress RunOne(Func<int> enqueue)
    {
        TrainingProgress? measured = null;
        Run(1, enqueue, new Callback(value => measured = value), CancellationToken.None);
        return measured!;
    }

    // Reads iterations ReadThrough + 1 … iteration, reporting each to progress; raises a divergence after reporting the iterations before it.
    private void Read(int iteration, IProgress<TrainingProgress>? progress)
    {
        var (diverged, cause) = monitor.ReadHealth();
        int last = diverged > 0 ? Math.Min(iteration, diverged - 1) : iteration;
        if (last > ReadThrough && progress is not null)
        {
            double seconds = training.Elapsed.TotalSeconds;
            var rows = monitor.ReadRows(ReadThrough + 1, last);
            for (int k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                progress.Report(new TrainingProgress(ReadThrough + 1 + k, row[(int)TrainingMetric.Loss], row[(int)TrainingMetric.PositiveEnergy],
                    row[(int)TrainingMetric.NegativeEnergy], row[(int)TrainingMetric.GradientNorm], row[(int)TrainingMetric.Acceptance], seconds));
            }
        }
        ReadThrough = Math.Max(ReadThrough, last);
        sinceRead.Restart();
        if (diverged > 0)
        {
            DivergedAt = diverged;
            throw new TrainingDivergedException(diverged, cause);
        }
    }

    // Hands each value over synchronously (Progress<T> would post it to a synchronisation context).
    private sealed class Callback(Action<TrainingProgress> receive) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => receive(value);
    }
}
