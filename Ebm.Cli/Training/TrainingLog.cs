using Ebm.Cli.Plots;
using Ebm.Facade.Training;

namespace Ebm.Cli.Training;

/// <summary>
/// Collects per-iteration measurements and test NLLs during a run, passing the iterations on to <paramref name="forward"/>;
/// <see cref="ToHistory"/> gives the plot record.
/// </summary>
/// <param name="forward">Where iterations go next (the console's progress line), or null.</param>
internal sealed class TrainingLog(IProgress<TrainingProgress>? forward) : IProgress<TrainingProgress>, IProgress<TrainingEvaluation>
{
    private readonly List<long> iterations = [];
    private readonly List<double> loss = [];
    private readonly List<double> positive = [];
    private readonly List<double> negative = [];
    private readonly List<long> nllIterations = [];
    private readonly List<double> nll = [];

    /// <summary>The last measured test NLL, or NaN.</summary>
    public double LastNll => nll.Count > 0 ? nll[^1] : double.NaN;

    /// <summary>Records one iteration.</summary>
    public void Report(TrainingProgress value)
    {
        iterations.Add(value.Iteration);
        loss.Add(value.Loss);
        positive.Add(value.PositiveEnergy);
        negative.Add(value.NegativeEnergy);
        forward?.Report(value);
    }

    /// <summary>Records a test NLL.</summary>
    public void Report(TrainingEvaluation value)
    {
        nllIterations.Add(value.Iteration);
        nll.Add(value.TestNll);
    }

    /// <summary>The record the plots take.</summary>
    public TrainingHistory ToHistory() => new(iterations, loss, positive, negative) { NllIterations = nllIterations, Nll = nll };
}
