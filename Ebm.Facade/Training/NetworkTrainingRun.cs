using Ebm.Facade.Data;
using Ebm.Facade.Distributed;
using Ebm.Facade.Models;
using Ebm.Facade.Partition;
using Ebm.Runtime.Accelerators;

namespace Ebm.Facade.Training;

/// <summary>
/// The training loop <c>ebm train</c> and <c>ebm demo</c> run, for research code too: a network energy (MLP or convolutional) trained as a
/// <see cref="NetworkTrainingRequest"/> says, with the data split, a periodic test NLL by quadrature, and checkpoints of the
/// last complete iteration (also when cancelled).
/// </summary>
public sealed class NetworkTrainingRun
{
    /// <summary>Checkpoint every this many iterations when a checkpoint path is given.</summary>
    public const int CheckpointEvery = 100;

    /// <summary>The negatives a <see cref="TrainingSnapshot"/> holds, at most (an 8 × 8 grid).</summary>
    public const int SnapshotSamples = 64;

    /// <summary>The training points whose energies a <see cref="TrainingSnapshot"/> holds, at most.</summary>
    public const int SnapshotDataPoints = 1000;

    private NetworkTrainingRun(NetworkTrainingRequest request, float[,] train, float[,] test)
    {
        Request = request;
        Train = train;
        Test = test;
    }

    /// <summary>What is trained.</summary>
    public NetworkTrainingRequest Request { get; }

    /// <summary>The training points.</summary>
    public float[,] Train { get; }

    /// <summary>The held-out points.</summary>
    public float[,] Test { get; }

    /// <summary>The trained model (after <see cref="Execute"/>).</summary>
    public NetworkSpec? Trained { get; private set; }

    /// <summary>Seconds spent in training iterations.</summary>
    public double TrainingSeconds { get; private set; }

    /// <summary>Whether the run stopped early because of cancellation.</summary>
    public bool Cancelled { get; private set; }

    /// <summary>Iterations completed by <see cref="Execute"/> (a resumed run counts only its own).</summary>
    public int CompletedIterations { get; private set; }

    /// <summary>The iteration the model and the last checkpoint hold (after <see cref="Execute"/>, counting a resumed run's earlier ones).</summary>
    public int FinalIteration { get; private set; }

    /// <summary>
    /// Loads the data of <paramref name="request"/> (a toy set: fresh train and test draws; Fashion-MNIST: the named split,
    /// held out against the other; an NPY file: an 80/20 split).
    /// </summary>
    /// <param name="request">What to train.</param>
    /// <returns>The run, ready to <see cref="Execute"/>.</returns>
    public static NetworkTrainingRun Prepare(NetworkTrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (FashionMnist.TryParse(request.Data, out var split))
            return new NetworkTrainingRun(request, FashionMnist.Load(split).Images, FashionMnist.Load(split == DataSplitName.Train ? DataSplitName.Test : DataSplitName.Train).Images);
        if (!request.Data.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            return new NetworkTrainingRun(request,
                DataSets.Load(request.Data, request.TrainCount, request.Options.Seed),
                DataSets.Load(request.Data, request.TestCount, request.Options.Seed + 1_000_003));
        }
        var (train, test) = DataSplit.HoldOut(DataSets.Load(request.Data, 0, 0), request.Data);
        return new NetworkTrainingRun(request, train, test);
    }

    /// <summary>
    /// Trains on <paramref name="session"/>, reporting each iteration and each test NLL; returns when done or cancelled. In a
    /// data-parallel run every member calls it with its own session (see <see cref="ContrastiveDivergenceTrainer"/>), and
    /// member 0 writes the checkpoints.
    /// </summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="progress">Receives every iteration's measurements, or null.</param>
    /// <param name="evaluations">Receives the test NLL every <see cref="NetworkTrainingRequest.EvaluateEvery"/> iterations and at the last one (none when EvaluateEvery is 0), or null.</param>
    /// <param name="cancellation">Stops the run after the current iteration; the checkpoint then holds it.</param>
    /// <param name="group">The members of a data-parallel run, or null for one.</param>
    /// <param name="snapshots">Receives a <see cref="TrainingSnapshot"/> at every checkpoint and at the end, or null.</param>
    public void Execute(AcceleratorSession session, IProgress<TrainingProgress>? progress, IProgress<TrainingEvaluation>? evaluations,
        CancellationToken cancellation, IChainGroup? group = null, IProgress<TrainingSnapshot>? snapshots = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var request = Request;
        if (request.Network.Dimension != Train.GetLength(1))
            throw new ArgumentException($"the model's input dimension {request.Network.Dimension} differs from the data's dimension {Train.GetLength(1)}");
        var gaussianBase = request.BaseScale is double factor ? GaussianBase.AroundData(Train, factor) : null;
        var initial = request.Network.Initialize(request.Options.Seed, gaussianBase);
        using var model = EnergyModel.Create(initial, session);
        using var trainer = new ContrastiveDivergenceTrainer(model, Train, request.Options, group);
        string data = TrainingCheckpoint.DataFingerprint(Train);
        if (request.ResumePath is not null)
        {
            var saved = TrainingCheckpoint.Read(request.ResumePath);
            TrainingCheckpoint.RequireSameRun(saved, request.Options, data);
            TrainingCheckpoint.Restore(trainer, saved);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int first = trainer.Iteration;
        try
        {
            while (trainer.Iteration < request.Iterations)
            {
                int stop = NextStop(trainer.Iteration, request);
                trainer.Train(stop - trainer.Iteration, progress, cancellation);
                CompletedIterations = trainer.Iteration - first;
                if (request.EvaluateEvery > 0 && (stop % request.EvaluateEvery == 0 || stop == request.Iterations))
                    evaluations?.Report(new TrainingEvaluation(stop, TestNll(model, Test, resolution: 128).Mean));
                if (request.CheckpointPath is not null && stop % CheckpointEvery == 0)
                {
                    TrainingCheckpoint.Save(request.CheckpointPath, trainer, initial.Describe(), data);
                    snapshots?.Report(Snapshot(model, trainer));
                }
            }
        }
        catch (OperationCanceledException)
        {
            Cancelled = true;
            CompletedIterations = trainer.Iteration - first;
        }
        TrainingSeconds = clock.Elapsed.TotalSeconds;
        FinalIteration = trainer.Iteration;
        if (request.CheckpointPath is not null)
            TrainingCheckpoint.Save(request.CheckpointPath, trainer, initial.Describe(), data);
        if (CompletedIterations > 0)
            snapshots?.Report(Snapshot(model, trainer));
        Trained = (NetworkSpec)initial.WithParameters(trainer.Parameters.ToArray());
    }

    // The last negatives and the energies of them and of the first training points.
    private TrainingSnapshot Snapshot(EnergyModel model, ContrastiveDivergenceTrainer trainer)
    {
        var samples = trainer.LastNegatives(Math.Min(SnapshotSamples, trainer.Chains.Chains));
        int n = Math.Min(SnapshotDataPoints, Train.GetLength(0)), d = Train.GetLength(1);
        var points = new float[n, d];
        System.Buffer.BlockCopy(Train, 0, points, 0, n * d * sizeof(float));
        return new TrainingSnapshot(trainer.Iteration, samples, model.Energy(points), model.Energy(samples));
    }

    // The next iteration at which the loop has something to do: an evaluation, a checkpoint, or the end.
    private static int NextStop(int done, NetworkTrainingRequest request)
    {
        int stop = request.Iterations;
        if (request.EvaluateEvery > 0)
            stop = Math.Min(stop, (done / request.EvaluateEvery + 1) * request.EvaluateEvery);
        if (request.CheckpointPath is not null)
            stop = Math.Min(stop, (done / CheckpointEvery + 1) * CheckpointEvery);
        return stop;
    }

    /// <summary>Mean test NLL with log Z by quadrature around the test points (d ≤ 2), its standard error, and log Z.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="test">The held-out points.</param>
    /// <param name="resolution">Quadrature points per axis.</param>
    /// <returns>The mean NLL, its standard error and the log Z estimate.</returns>
    public static (double Mean, double StandardError, PartitionEstimate LogZ) TestNll(EnergyModel model, float[,] test, int resolution = 256)
    {
        var logZ = Likelihood.EstimateLogPartition(model, test, resolution);
        var (mean, error) = Likelihood.MeanNegativeLogLikelihood(model, test, logZ);
        return (mean, error, logZ);
    }
}
