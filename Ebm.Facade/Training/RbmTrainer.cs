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
        ReplayRows.DrawData(session, gatherRows, dataCount, options.Seed, (ulong)Iteration);
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
    public RbmSpec CurrentSpec()
    {
        float[] flat = machine.Parameters.ToArray();
        int v = machine.Visible, h = Hidden;
        var weight = new float[h, v];
        Buffer.BlockCopy(flat, 0, weight, 0, h * v * sizeof(float));
        return new RbmSpec(weight, flat[(h * v)..(h * v + v)], flat[(h * v + v)..]);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in new IDisposable[] { chains, contrast, Optimizer, data, gatherRows, unitLow, unitHigh, machine, monitor })
            owned.Dispose();
    }
}
