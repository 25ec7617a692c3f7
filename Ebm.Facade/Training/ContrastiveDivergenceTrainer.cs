using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;
using Ebm.Facade.Data;
using Ebm.Facade.Distributed;
using Ebm.Facade.Models;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Samplers;
using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Training;
using ILGPU.Runtime;

namespace Ebm.Facade.Training;

/// <summary>
/// Maximum-likelihood training of an energy by contrastive divergence: ∇θL = mean_data ∇θE − mean_samples ∇θE
/// (plus the α(E⁺² + E⁻²) regulariser and weight decay), with negatives from CD-k or persistent chains with a
/// replay buffer, all on the device: rows are drawn, gathered, sampled, differentiated and reduced, the loss and
/// gradient norm measured and the optimiser applied without reading anything back. <see cref="Train"/> reads the
/// measurements in batches (see <see cref="TrainingFeed"/>); <see cref="Step"/> reads them after every iteration.
/// </summary>
/// <remarks>
/// Batch row g draws its data point from the g-th of B equal blocks of the data, and its replay slot from the g-th of B
/// blocks of the buffer (stratified sampling, <see cref="RowStrata"/>). A data-parallel run over the members of an
/// <see cref="IChainGroup"/> (MPI ranks, or one thread per device) gives each member a contiguous block of the batch rows,
/// and with them the matching blocks of the data and of the buffer, the negative chains' random streams and a share of the
/// gradient: the members draw what one process draws, sum their shares in rank order before one optimiser step, and hold
/// the same parameters after every iteration. The run differs from one process only in the order in which the gradient's
/// 2B terms are added.
/// </remarks>
public sealed class ContrastiveDivergenceTrainer : IDisposable
{
    private readonly EnergyModel model;
    private readonly ITrainableDeviceEnergy trainable;
    private readonly TrainerOptions options;
    private readonly ChainShard rows;
    private readonly RowStrata dataStrata;
    private readonly RowStrata bufferStrata;
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

    /// <summary>Prepares training of <paramref name="model"/> on <paramref name="trainingData"/>, alone or as one member of a data-parallel run.</summary>
    /// <param name="model">A model whose device energy is trainable (an MLP); its parameters are updated in place.</param>
    /// <param name="trainingData">[n, d] finite points: all of them, also for a member of a data-parallel run (which keeps its block on its device).</param>
    /// <param name="options">The options, validated here; the batch and buffer sizes are the run's.</param>
    /// <param name="group">The members of a data-parallel run, each with its own trainer of the same model, data and options, making the same calls; null for one.</param>
    public ContrastiveDivergenceTrainer(EnergyModel model, float[,] trainingData, TrainerOptions options, IChainGroup? group = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        PointBatch.Validate(trainingData, model.Dimension, "training data");
        group ??= SingleProcess.Instance;
        int dataCount = trainingData.GetLength(0);
        if (options.BatchSize < group.Size)
            throw new ArgumentException($"a batch of {options.BatchSize} cannot be shared by {group.Size} members of a data-parallel run: each needs at least one row", nameof(options));
        if (group.Size > 1 && dataCount < options.BatchSize)
            throw new ArgumentException($"a data-parallel run needs at least as many training points as the batch ({dataCount} < {options.BatchSize}): each member draws from its own block of the data", nameof(trainingData));
        trainable = model.Device as ITrainableDeviceEnergy
            ?? throw new ArgumentException($"a {model.Spec.Kind} energy has no trainable parameters", nameof(model));
        this.model = model;
        this.options = options;
        var session = model.Device.Session;
        int d = model.Dimension;
        rows = new ChainShard(group, options.BatchSize);
        int batch = rows.Count;
        bool persistent = options.Method == ContrastiveMethod.Persistent;
        dataStrata = RowStrata.For(options.BatchSize, dataCount, rows.First);
        bufferStrata = RowStrata.For(options.BatchSize, persistent ? options.BufferSize : 1, rows.First);
        int localData = StoreRowsOf(dataStrata), localSlots = persistent ? StoreRowsOf(bufferStrata) : 1;
        RequireRoom(session, localData, d, batch, persistent ? localSlots : 0);
        data = new DeviceMatrix<float>(session, localData, d);
        data.CopyFrom(new ReadOnlySpan2D<float>(trainingData).Slice(dataStrata.FirstStoreRow, 0, localData, d));
        contrast = new ContrastiveGradient(session, trainable, batch, d, rows);
        gatherRows = new DeviceVector<int>(session, batch);
        scatterRows = new DeviceVector<int>(session, batch);
        chainRows = new DeviceVector<int>(session, batch);
        chainRows.CopyFrom([.. Enumerable.Range(0, batch)]);
        monitor = new TrainingMonitor(session);
        feed = new TrainingFeed(monitor);
        var (low, high) = options.Clamp is { } box ? (Enumerable.Repeat(box.Low, d).ToArray(), Enumerable.Repeat(box.High, d).ToArray()) : ReinitBox(trainingData, options.ReinitMargin);
        boxLow = new DeviceVector<float>(session, d);
        boxHigh = new DeviceVector<float>(session, d);
        boxLow.CopyFrom(low);
        boxHigh.CopyFrom(high);
        Chains = new ChainPool(session, batch, d, options.Seed, rows.First);
        Chains.SetStepSizes(options.StepSize);
        Buffer = new DeviceMatrix<float>(session, localSlots, d);
        Optimizer = new DeviceOptimizer(trainable.Parameters, options.Optimizer, new AdamSettings
        {
            LearningRate = (float)options.LearningRate,
            Beta1 = (float)options.Beta1,
            Beta2 = (float)options.Beta2,
            Epsilon = 1e-8f,
            WeightDecay = (float)options.WeightDecay,
        });
        if (persistent)
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

    /// <summary>The members of the run (<see cref="SingleProcess"/> when it is not data-parallel).</summary>
    public IChainGroup Group => rows.Group;

    /// <summary>The negative chains, this member's block of the run's (the step counter indexes their noise).</summary>
    public ChainPool Chains { get; }

    /// <summary>This member's slots [s, d] of the replay buffer of persistent CD (all S of them in a run of one); one unused row for CD-k.</summary>
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
    public void Train(int iterations, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (Group.Size == 1)
        {
            feed.Run(iterations, Enqueue, progress, cancellation);
            return;
        }
        // The members stop after the same iteration: after each, they learn whether any of them was cancelled.
        using var agreed = new CancellationTokenSource();
        feed.Run(iterations, () =>
        {
            int done = Enqueue();
            if (rows.Any(cancellation.IsCancellationRequested))
                agreed.Cancel();
            return done;
        }, progress, agreed.Token);
    }

    /// <summary>The first <paramref name="count"/> negatives of the last iteration (this member's), after their sampler steps.</summary>
    /// <param name="count">At most this member's batch rows.</param>
    /// <returns>[count, d] points.</returns>
    public float[,] LastNegatives(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, rows.Count);
        var flat = new float[(long)rows.Count * model.Dimension];
        contrast.Negatives.CopyToCPU(flat);
        var points = new float[count, model.Dimension];
        System.Buffer.BlockCopy(flat, 0, points, 0, count * model.Dimension * sizeof(float));
        return points;
    }

    /// <summary>The replay buffer's rows over all members: S for persistent CD, the one unused row for CD-k.</summary>
    public int ReplayBufferRows => options.Method == ContrastiveMethod.Persistent ? options.BufferSize : 1;

    /// <summary>The whole replay buffer [<see cref="ReplayBufferRows"/>, d], row-major, from every member's slots (a collective call in a data-parallel run).</summary>
    /// <returns>The buffer's values.</returns>
    public float[] ReadReplayBuffer()
    {
        var local = new float[Buffer.Rows * Buffer.Columns];
        Buffer.CopyTo(local);
        if (Group.Size == 1 || options.Method != ContrastiveMethod.Persistent)
            return local;
        return [.. MemoryMarshal.Cast<byte, float>(Group.AllGather(MemoryMarshal.AsBytes(local.AsSpan())))];
    }

    /// <summary>Sets the replay buffer from all of its [<see cref="ReplayBufferRows"/>, d] values (<see cref="ReadReplayBuffer"/>'s); a member keeps its own slots.</summary>
    /// <param name="values">The buffer's values, row-major.</param>
    /// <exception cref="ArgumentException">Not [S, d] values.</exception>
    public void LoadReplayBuffer(ReadOnlySpan<float> values)
    {
        if (values.Length != (long)ReplayBufferRows * Buffer.Columns)
            throw new ArgumentException($"a replay buffer of {ReplayBufferRows} rows of {Buffer.Columns} holds {(long)ReplayBufferRows * Buffer.Columns} values, got {values.Length}", nameof(values));
        int first = options.Method == ContrastiveMethod.Persistent ? bufferStrata.FirstStoreRow : 0;
        Buffer.CopyFrom(values.Slice(first * Buffer.Columns, Buffer.Rows * Buffer.Columns));
    }

    /// <summary>One iteration, waiting for its measurements.</summary>
    /// <returns>Its measurements.</returns>
    /// <exception cref="TrainingDivergedException">The iteration diverged; θ is left as before it.</exception>
    public TrainingProgress Step() => feed.RunOne(Enqueue);

    // Gather, sample, differentiate, reduce, update: iteration Iteration + 1, all enqueued on the device.
    private int Enqueue()
    {
        int d = model.Dimension, iteration = Iteration + 1;
        var session = model.Device.Session;

        // Positives: a data batch into rows [0, b) of the combined batch.
        ReplayRows.DrawData(session, gatherRows, dataStrata, options.Seed, (ulong)Iteration);
        ReplayRows.Gather(session, data.View, gatherRows, contrast.Positives, PointLayout.RowMajor(d), boxLow, boxHigh, options.Seed, (ulong)Iteration);
        if (options.DataNoise > 0)
            ReplayRows.AddNoise(session, contrast.Positives, rows.Count, d, (float)options.DataNoise, options.Clamp, options.Seed, (ulong)Iteration, rows.First);

        // Negatives: start from the data batch (CD-k) or from the replay buffer (PCD), then k sampler steps.
        if (options.Method == ContrastiveMethod.Persistent)
        {
            ReplayRows.DrawSlots(session, gatherRows, scatterRows, bufferStrata, (float)options.ReinitProbability, options.Seed, (ulong)Iteration);
            ReplayRows.Gather(session, Buffer.View, gatherRows, Chains.PositionBuffer.View, Chains.Layout, boxLow, boxHigh, options.Seed, (ulong)Iteration, rows.First);
        }
        else
        {
            ReplayRows.Gather(session, data.View, gatherRows, Chains.PositionBuffer.View, Chains.Layout, boxLow, boxHigh, options.Seed, (ulong)Iteration, rows.First);
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

    private TransitionChoice Transition => new(options.Sampler) { Leapfrog = 5, NoiseScale = options.NoiseScale, Clamp = options.Clamp };

    private void FillBufferWithNoise()
    {
        var all = Enumerable.Repeat(-1, Buffer.Rows).ToArray();
        using var fresh = new DeviceVector<int>(model.Device.Session, all.Length);
        fresh.CopyFrom(all);
        ReplayRows.Gather(model.Device.Session, Buffer.View, fresh, Buffer.View, PointLayout.RowMajor(model.Dimension), boxLow, boxHigh, options.Seed, ulong.MaxValue, bufferStrata.FirstStoreRow);
    }

    // The buffers whose size the input sets (the member's share of them): the data, the replay buffer and the row indices that fill it (on the host and
    // the device), and the batch's points, energies and weights. The chain pool checks its own; the energy's per-row
    // gradient work is sized by the batch too.
    private static void RequireRoom(AcceleratorSession session, int dataCount, int d, int batch, int bufferSize)
    {
        long bytes = sizeof(float) * ((long)dataCount * d + (long)bufferSize * d + 2L * bufferSize + 2L * batch * (d + 2) + 3L * batch);
        session.RequireRoom(bytes, $"training state ({dataCount:N0} data points and a replay buffer of {bufferSize:N0} (--buffer) of dimension {d}, batch {batch:N0} (--batch))");
    }

    // The store rows of the member's strata: from its first batch row's stratum to its last one's.
    private int StoreRowsOf(RowStrata strata) => RowStrata.StratumStart(rows.First + rows.Count, strata.Batch, strata.StoreRows) - strata.FirstStoreRow;

    private static (float[] Low, float[] High) ReinitBox(float[,] points, double margin)
    {
        var (lower, upper) = BoundingBox.Of(points, margin);
        return ([.. lower.Select(value => (float)value)], [.. upper.Select(value => (float)value)]);
    }
}
