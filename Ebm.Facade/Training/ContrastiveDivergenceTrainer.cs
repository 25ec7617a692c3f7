using CommunityToolkit.HighPerformance;
using Ebm.Facade.Data;
using Ebm.Facade.Models;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Samplers;
using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Training;

namespace Ebm.Facade.Training;

/// <summary>
/// Maximum-likelihood training of an energy by contrastive divergence: ∇θL = mean_data ∇θE − mean_samples ∇θE
/// (plus the α(E⁺² + E⁻²) regulariser and weight decay), with negatives from CD-k or persistent chains with a
/// replay buffer, all on the device: rows are drawn, gathered, sampled, differentiated and reduced, the loss and
/// gradient norm measured and the optimiser applied without reading anything back. <see cref="Train"/> reads the
/// measurements in batches (see <see cref="TrainingFeed"/>); <see cref="Step"/> reads them after every iteration.
/// </summary>
public sealed class ContrastiveDivergenceTrainer : IDisposable
{
    private readonly EnergyModel model;
    private readonly ITrainableDeviceEnergy trainable;
    private readonly TrainerOptions options;
    private readonly int dataCount;
    private readonly DeviceMatrix<float> data;
    private readonly ContrastiveGradient contrast;
    private readonly DeviceVector<int> gatherRows;
    private readonly DeviceVector<int> scatterRows;
    private readonly DeviceVector<int> chainRows; // 0 … B − 1: copies every chain out of the chain state, in its layout
    private readonly DeviceVector<float> boxLow;
    private readonly DeviceVector<float> boxHigh;
    private readonly TrainingMonitor monitor;
    private readonly TrainingFeed feed;
    private int iterationsRun;

    /// <summary>Prepares training of <paramref name="model"/> on <paramref name="trainingData"/>.</summary>
    /// <param name="model">A model whose device energy is trainable (an MLP); its parameters are updated in place.</param>
    /// <param name="trainingData">[n, d] finite points.</param>
    /// <param name="options">The options, validated here.</param>
    public ContrastiveDivergenceTrainer(EnergyModel model, float[,] trainingData, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        PointBatch.Validate(trainingData, model.Dimension, "training data");
        trainable = model.Device as ITrainableDeviceEnergy
            ?? throw new ArgumentException($"a {model.Spec.Kind} energy has no trainable parameters", nameof(model));
        this.model = model;
        this.options = options;
        var session = model.Device.Session;
        int batch = options.BatchSize, d = model.Dimension;
        dataCount = trainingData.GetLength(0);
        RequireRoom(session, dataCount, d, batch, options.Method == ContrastiveMethod.Persistent ? options.BufferSize : 0);
        data = new DeviceMatrix<float>(session, dataCount, d);
        data.CopyFrom(new ReadOnlySpan2D<float>(trainingData));
        contrast = new ContrastiveGradient(session, trainable, batch, d);
        gatherRows = new DeviceVector<int>(session, batch);
        scatterRows = new DeviceVector<int>(session, batch);
        chainRows = new DeviceVector<int>(session, batch);
        chainRows.CopyFrom([.. Enumerable.Range(0, batch)]);
        monitor = new TrainingMonitor(session);
        feed = new TrainingFeed(monitor);
        var (low, high) = ReinitBox(trainingData, options.ReinitMargin);
        boxLow = new DeviceVector<float>(session, d);
        boxHigh = new DeviceVector<float>(session, d);
        boxLow.CopyFrom(low);
        boxHigh.CopyFrom(high);
        Chains = new ChainPool(session, batch, d, options.Seed);
        Chains.SetStepSizes(options.StepSize);
        Buffer = new DeviceMatrix<float>(session, options.Method == ContrastiveMethod.Persistent ? options.BufferSize : 1, d);
        Optimizer = new DeviceOptimizer(trainable.Parameters, options.Optimizer, new AdamSettings
        {
            LearningRate = (float)options.LearningRate,
            Beta1 = (float)options.Beta1,
            Beta2 = (float)options.Beta2,
            Epsilon = 1e-8f,
            WeightDecay = (float)options.WeightDecay,
        });
        if (options.Method == ContrastiveMethod.Persistent)
            FillBufferWithNoise();
    }

    /// <summary>Iterations run; setting it (restoring a checkpoint) also marks the iterations before it as read and healthy.</summary>
    public int Iteration
    {
        get => iterationsRun;
        internal set
        {
            iterationsRun = value;
            feed.ReadThrough = value;
            monitor.Reset();
        }
    }

    /// <summary>Whether an iteration diverged (see <see cref="TrainingDivergedException"/>); the trainer then refuses to go on.</summary>
    public bool Diverged => feed.DivergedAt > 0;

    /// <summary>The negative chains (the step counter indexes their noise).</summary>
    public ChainPool Chains { get; }

    /// <summary>The replay buffer [size, d] of persistent CD.</summary>
    public DeviceMatrix<float> Buffer { get; }

    /// <summary>The optimiser and its state.</summary>
    public DeviceOptimizer Optimizer { get; }

    /// <summary>The parameters θ.</summary>
    public DeviceVector<float> Parameters => trainable.Parameters;

    /// <summary>The options.</summary>
    public TrainerOptions Options => options;

    /// <summary>
    /// Runs <paramref name="iterations"/> iterations back to back on the device, reporting each (in batches, at most
    /// <see cref="TrainingFeed.ReportInterval"/> apart while progress is wanted) and all of them before returning.
    /// </summary>
    /// <param name="iterations">The number of iterations.</param>
    /// <param name="progress">Receives each iteration's measurements.</param>
    /// <param name="cancellation">Checked before every iteration; the iterations before it are reported, then it throws.</param>
    /// <exception cref="TrainingDivergedException">An iteration diverged; θ holds the one before it.</exception>
    /// <exception cref="InvalidOperationException">An earlier call diverged.</exception>
    public void Train(int iterations, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default) =>
        feed.Run(iterations, Enqueue, progress, cancellation);

    /// <summary>One iteration, waiting for its measurements.</summary>
    /// <returns>Its measurements.</returns>
    /// <exception cref="TrainingDivergedException">The iteration diverged; θ is left as before it.</exception>
    public TrainingProgress Step() => feed.RunOne(Enqueue);

    // Gather, sample, differentiate, reduce, update: iteration Iteration + 1, all enqueued on the device.
    private int Enqueue()
    {
        int batch = options.BatchSize, d = model.Dimension, iteration = Iteration + 1;
        var session = model.Device.Session;

        // Positives: a data batch into rows [0, B) of the combined batch.
        ReplayRows.DrawData(session, gatherRows, dataCount, options.Seed, (ulong)Iteration);
        ReplayRows.Gather(session, data.View, gatherRows, contrast.Positives, PointLayout.RowMajor(d), boxLow, boxHigh, options.Seed, (ulong)Iteration);

        // Negatives: start from the data batch (CD-k) or from the replay buffer (PCD), then k sampler steps.
        if (options.Method == ContrastiveMethod.Persistent)
        {
            ReplayRows.DrawSlots(session, gatherRows, scatterRows, options.BufferSize, (float)options.ReinitProbability, options.Seed, (ulong)Iteration);
            ReplayRows.Gather(session, Buffer.View, gatherRows, Chains.PositionBuffer.View, Chains.Layout, boxLow, boxHigh, options.Seed, (ulong)Iteration);
        }
        else
        {
            ReplayRows.Gather(session, data.View, gatherRows, Chains.PositionBuffer.View, Chains.Layout, boxLow, boxHigh, options.Seed, (ulong)Iteration);
        }
        Chains.Refresh(model.Device);
        Chains.ResetCounters();
        ChainAdvance.Run(model.Device, Chains, Transition, SamplerSettingsFor(), null);
        ReplayRows.Scatter(session, Chains.PositionBuffer.View, Chains.Layout, chainRows, contrast.Negatives, d);
        if (options.Method == ContrastiveMethod.Persistent)
            ReplayRows.Scatter(session, Chains.PositionBuffer.View, Chains.Layout, scatterRows, Buffer.View, d);

        // ∇θE weighted by (±1 + 2αE)/B per row, then the clipped update; the measurements stay on the device.
        var accepted = options.Sampler == SamplerKind.Ula ? null : Chains.Accepted;
        contrast.Compute((float)options.EnergyRegularization, accepted, options.SamplerSteps, monitor, iteration);
        Optimizer.Update(contrast.Gradient, (float)options.GradientClip, (float)options.LearningRateAt(Iteration), monitor, iteration);
        iterationsRun = iteration;
        return iteration;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in new IDisposable[] { data, contrast, gatherRows, scatterRows, chainRows, boxLow, boxHigh, Chains, Buffer, Optimizer, monitor })
            owned.Dispose();
    }

    private SamplerSettings SamplerSettingsFor() => new()
    {
        Steps = options.SamplerSteps,
        InverseTemperature = (float)(1 / model.Temperature),
        TargetAcceptance = 0.8f,
    };

    private TransitionChoice Transition => new(options.Sampler) { Leapfrog = 5, NoiseScale = options.NoiseScale };

    private void FillBufferWithNoise()
    {
        var all = Enumerable.Repeat(-1, Buffer.Rows).ToArray();
        using var rows = new DeviceVector<int>(model.Device.Session, all.Length);
        rows.CopyFrom(all);
        ReplayRows.Gather(model.Device.Session, Buffer.View, rows, Buffer.View, PointLayout.RowMajor(model.Dimension), boxLow, boxHigh, options.Seed, ulong.MaxValue);
    }

    // The buffers whose size the input sets: the data, the replay buffer and the row indices that fill it (on the host and
    // the device), and the batch's points, energies and weights. The chain pool checks its own; the energy's per-row
    // gradient work is sized by the batch too.
    private static void RequireRoom(AcceleratorSession session, int dataCount, int d, int batch, int bufferSize)
    {
        long bytes = sizeof(float) * ((long)dataCount * d + (long)bufferSize * d + 2L * bufferSize + 2L * batch * (d + 2) + 3L * batch);
        session.RequireRoom(bytes, $"training state ({dataCount:N0} data points and a replay buffer of {bufferSize:N0} (--buffer) of dimension {d}, batch {batch:N0} (--batch))");
    }

    private static (float[] Low, float[] High) ReinitBox(float[,] points, double margin)
    {
        var (lower, upper) = BoundingBox.Of(points, margin);
        return ([.. lower.Select(value => (float)value)], [.. upper.Select(value => (float)value)]);
    }
}
