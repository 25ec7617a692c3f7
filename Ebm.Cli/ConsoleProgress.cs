using System.Diagnostics;
using Ebm.Facade.Sampling;

namespace Ebm.Cli;

/// <summary>Writes sampling progress to a writer synchronously, at most once a second and at the end of each phase.</summary>
/// <param name="writer">Where to write (standard error).</param>
internal sealed class ConsoleProgress(TextWriter writer) : IProgress<SamplingProgress>
{
    private readonly Stopwatch sinceLast = Stopwatch.StartNew();

    /// <inheritdoc/>
    public void Report(SamplingProgress value)
    {
        if (value.Step < value.TotalSteps && sinceLast.Elapsed.TotalSeconds < 1)
            return;
        sinceLast.Restart();
        writer.WriteLine($"ebm: {value.Phase} {value.Step}/{value.TotalSteps} steps, {value.ChainStepsPerSecond:G3} chain-steps/s");
    }
}
