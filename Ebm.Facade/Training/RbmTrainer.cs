using CommunityToolkit.HighPerformance;
using Ebm.Facade.Models;
using Ebm.Kernels.Discrete;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Discrete;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Training;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Facade.Training;

/// <summary>
/// Maximum-likelihood training of a binary RBM by contrastive divergence over its free energy F(v):
/// ∇θ(−log p(v)) = ∇θF(v) − E_model[∇θF], estimated by mean_data ∇θF − mean_negatives ∇θF with negatives from k block-Gibbs
/// sweeps started at the data batch (CD-k, Hinton 2002) or from persistent chains (PCD-k, Tieleman 2008).
/// </summary>
/// <remarks>
/// Everything runs on the device, with nothing read back between iterations: the data rows are drawn and gathered from a
/// device copy of the data set, the negatives are <see cref="RbmChains"/>, the CD difference is the batch gradient of the
/// trainable <see cref="RbmDeviceEnergy"/> with the weights ±1/B (the continuous trainer's, with α = 0), followed by
/// <see cref="DeviceOptimizer"/>; the measurements are read in batches (see <see cref="TrainingFeed"/>).
/// The parameters are trained at T = 1 (the spec's temperature is ignored during training).
/// </remarks>
public sealed class RbmTrainer : IDisposable
{
    private readonly RbmDeviceEnergy machine;
    private readonly RbmTrainerOptions options;
    private readonly int dataCount;
    private readonly DeviceMatrix<float> data;
    private readonly DeviceVector<int> gatherRows;
    private readonly DeviceVector<float> unitLow;
    private readonly DeviceVector<float> unitHigh;
    private readonly ContrastiveGradient contrast;
    private readonly RbmChains chains;
    private readonly TrainingMonitor monitor;
    private readonly TrainingFeed feed;

    /// <summary>
    /// Refuses, before anything is allocated, a machine and batch whose training state needs more than the device's
    /// memory: P = HV + V + H parameters held as the parameters, their gradient, two optimizer moments and a host copy,
    /// the per-row gradients of the batch's 2B rows ([2B, P]), and the data.
    /// </summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="visible">V.</param>
    /// <param name="hidden">H.</param>
    /// <param name="dataCount">The number of training rows.</param>
    /// <param name="options">The options (the batch size).</param>
    /// <exception cref="Runtime.Memory.DeviceAllocationException">It does not fit.</exception>
    public static void RequireRoom(AcceleratorSession session, int visible, int hidden, int dataCount, RbmTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        long parameters = RbmDeviceEnergy.ParameterCountOf(visible, hidden), batch = options.BatchSize;
        long floats = parameters * (5 + 2 * batch) + (long)dataCount * visible + 4 * batch * visible;
        session.RequireRoom(floats * sizeof(float),
            $"training state of an RBM with {parameters:N0} parameters ({visible:N0} visible, {hidden:N0} hidden units) and batch {batch:N0} (--batch)");
    }

    /// <summary>Uploads <paramref name="initial"/> and <paramref name="trainingData"/> to <paramref name="session"/>.</summary>
    /// <param name="initial">The starting machine.</param>
    /// <param name="trainingData">[n, V] binary (0/1) rows.</param>
    /// <param name="options">The options, validated here.</param>
    /// <param name="session">The accelerator session (borrowed).</param>
    public RbmTrainer(RbmSpec initial, float[,] trainingData, RbmTrainerOptions options, AcceleratorSession session)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(trainingData);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(session);
        options.Validate();
        int v = initial.Visible;
        if (trainingData.GetLength(0) == 0 || trainingData.GetLength(1) != v)
            throw new ArgumentException($"training data is [{trainingData.GetLength(0)}, {trainingData.GetLength(1)}]; the RBM needs [n ≥ 1, {v}]", nameof(trainingData));
        foreach (float value in trainingData)
        {
            if (value is not (0 or 1))
                throw new ArgumentException($"training data must be binary (0 or 1); found {value}", nameof(trainingData));
        }
        RequireRoom(session, v, initial.Hidden, trainingData.GetLength(0), options);
        this.options = options;
        Hidden = initial.Hidden;
        machine = new RbmDeviceEnergy(session, v, initial.Hidden, initial.FlatParameters());
        dataCount = trainingData.GetLength(0);
        data = new DeviceMatrix<float>(session, dataCount, v);
        data.CopyFrom(new ReadOnlySpan2D<float>(trainingData));
        gatherRows = new DeviceVector<int>(session, options.BatchSize);
        unitLow = new DeviceVector<float>(session, v);
        unitHigh = new DeviceVector<float>(session, v);
        unitLow.Clear();
        unitHigh.CopyFrom([.. Enumerable.Repeat(1f, v)]);
        contrast = new ContrastiveGradient(session, machine, options.BatchSize, v);
        chains = new RbmChains(machine, options.BatchSize, options.Seed);
        monitor = new TrainingMonitor(session);
        feed = new TrainingFeed(monitor);
        Optimizer = new DeviceOptimizer(machine.Parameters, options.Optimizer, new AdamSettings
        {
            LearningRate = (float)options.LearningRate,
            Beta1 = (float)options.Momentum,
            Beta2 = 0.999f,
            Epsilon = 1e-8f,
            WeightDecay = (float)options.WeightDecay,
        });
    }

    /// <summary>Iterations completed.</summary>
    public int Iteration { get; private set; }

    /// <summary>H.</summary>
    public int Hidden { get; }

    /// <summary>The optimiser and its state.</summary>
    public DeviceOptimizer Optimizer { get; }

    /// <summary>The options.</summary>
    public RbmTrainerOptions Options => options;

    /// <summary>Runs <paramref name="iterations"/> iterations back to back on the device; cancellation is honoured between them.</summary>
    /// <param name="iterations">The number of iterations.</param>
    /// <param name="progress">Receives each iteration's measurements (acceptance is NaN: Gibbs always accepts), in batches.</param>
    /// <param name="cancellation">Checked before every iteration.</param>
    /// <exception cref="TrainingDivergedException">A free energy or the gradient became non-finite.</exception>
    public void Train(int iterations, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default) =>
        feed.Run(iterations, Enqueue, progress, cancellation);

    /// <summary>One iteration: gather a data batch, k Gibbs sweeps, ∇θF per row, reduce, update; waits for its measurements.</summary>
    /// <returns>Its measurements; Loss is mean F(data) − mean F(negatives).</returns>
    /// <exception cref="TrainingDivergedException">A free energy or the gradient became non-finite.</exception>
    public TrainingProgress Step() => feed.RunOne(Enqueue);

    private int Enqueue()
    {
        var session = machine.Session;
        ReplayRows.DrawData(session, gatherRows, RowStrata.For(options.BatchSize, dataCount), options.Seed, (ulong)Iteration);
        ReplayRows.Gather(session, data.View, gatherRows, contrast.Positives, PointLayout.RowMajor(machine.Visible), unitLow, unitHigh, options.Seed, (ulong)Iteration);
        if (!options.Persistent || Iteration == 0)
            contrast.Positives.CopyTo(chains.States.View);
        chains.Advance(new GibbsSettings { Sweeps = options.GibbsSteps, InverseTemperature = 1 }, null);
        chains.States.View.CopyTo(contrast.Negatives);
        int iteration = ++Iteration;
        contrast.Compute(0, null, 1, monitor, iteration);
        Optimizer.Update(contrast.Gradient, float.PositiveInfinity, Optimizer.Settings.LearningRate, monitor, iteration);
        return iteration;
    }

    /// <summary>The current parameters as a spec (downloaded from the device).</summary>
    /// <returns>The machine.</returns>
    public RbmSpec CurrentSpec() => RbmSpec.FromParameters(machine.Parameters.ToArray(), machine.Visible, Hidden);

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in new IDisposable[] { chains, contrast, Optimizer, data, gatherRows, unitLow, unitHigh, machine, monitor })
            owned.Dispose();
    }
}
