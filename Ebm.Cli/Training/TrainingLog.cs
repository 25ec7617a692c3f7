using Ebm.Cli.Plots;
using Ebm.Facade.Training;

namespace Ebm.Cli.Training;

/// <summary>Collects per-iteration measurements and test NLLs during a run; <see cref="ToHistory"/> gives the plot record.</summary>
internal sealed class TrainingLog
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
    public void Add(TrainingProgress step)
    {
        iterations.Add(step.Iteration);
        loss.Add(step.Loss);
        positive.Add(step.PositiveEnergy);
        negative.Add(step.NegativeEnergy);
    }

    /// <summary>Records a test NLL.</summary>
    public void AddNll(int iteration, double value)
    {
        nllIterations.Add(iteration);
        nll.Add(value);
    }

    /// <summary>The record the plots take.</summary>
    public TrainingHistory ToHistory() => new(iterations, loss, positive, negative) { NllIterations = nllIterations, Nll = nll };
}
