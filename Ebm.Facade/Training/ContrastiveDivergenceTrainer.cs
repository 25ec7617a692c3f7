using System.Diagnostics;
using CommunityToolkit.HighPerformance;
using Ebm.Facade.Data;
using Ebm.Facade.Models;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Samplers;
using Ebm.Kernels.Training;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Training;

namespace Ebm.Facade.Training;

/// <summary>
/// Maximum-likelihood training of an energy by contrastive divergence: ∇θL = mean_data ∇θE − mean_samples ∇θE
/// (plus the α(E⁺² + E⁻²) regulariser and weight decay), with negatives from CD-k or persistent chains with a
/// replay buffer, all on the device: batches are gathered, sampled, differentiated, reduced and the optimiser
/// applied without per-sample host copies.
/// </summary>
public sealed class ContrastiveDivergenceTrainer : IDisposable
{
    private readonly EnergyModel model;
    private readonly ITrainableDeviceEnergy trainable;
    private readonly TrainerOptions options;
    private readonly ReplayIndexSampler indices;
    private readonly int dataCount;
    private readonly DeviceMatrix<float> data;
    private readonly ContrastiveGradient contrast;
    private readonly DeviceVector<int> gatherRows;
    private readonly DeviceVector<int> scatterRows;
    private readonly DeviceVector<int> chainRows; // 0 … B − 1: copies every chain out of the chain state, in its layout
    private readonly DeviceVector<float> boxLow;
    private readonly DeviceVector<float> boxHigh;
    private readonly int[] hostGather;
    private readonly int[] hostScatter;
    private readonly Stopwatch clock = new();

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
        indices = new ReplayIndexSampler(options.Seed);
        var session = model.Device.Session;
        int batch = options.BatchSize, d = model.Dimension;
        dataCount = trainingData.GetLength(0);
        data = new DeviceMatrix<float>(session, dataCount, d);
        data.CopyFrom(new ReadOnlySpan2D<float>(trainingData));
        contrast = new ContrastiveGradient(session, trainable, batch, d);
        gatherRows = new DeviceVector<int>(session, batch);
        scatterRows = new DeviceVector<int>(session, batch);
        chainRows = new DeviceVector<int>(session, batch);
        chainRows.CopyFrom([.. Enumerable.Range(0, batch)]);
        hostGather = new int[batch];
        hostScatter = new int[batch];
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

    /// <summary>Iterations completed (restored with a checkpoint).</summary>
    public int Iteration { get; internal set; }

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

    /// <summary>Runs <paramref name="iterations"/> iterations, reporting each; cancellation is honoured between iterations.</summary>
    /// <param name="iterations">The number of iterations.</param>
    /// <param name="progress">Receives each iteration's measurements.</param>
    /// <param name="cancellation">Checked before every iteration.</param>
    public void Train(int iterations, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        for (int i = 0; i < iterations; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var measured = Step(); // not inside progress?.Report(…): that would skip the step when progress is null
            progress?.Report(measured);
        }
    }

    /// <summary>One iteration: gather, sample, differentiate, reduce, update.</summary>
    /// <returns>Its measurements.</returns>
    /// <exception cref="TrainingDivergedException">An energy or the gradient became non-finite; θ is left as before the iteration.</exception>
    public TrainingProgress Step()
    {
        clock.Start();
        int batch = options.BatchSize, d = model.Dimension;
        var session = model.Device.Session;

        // Positives: a data batch into rows [0, B) of the combined batch.
        indices.DataRows(Iteration, dataCount, hostGather);
        gatherRows.CopyFrom(hostGather);
        var positives = contrast.Positives;
        ReplayRows.Gather(session, data.View, gatherRows, positives, PointLayout.RowMajor(d), boxLow, boxHigh, options.Seed, (ulong)Iteration);

        // Negatives: start from the data batch (CD-k) or from the replay buffer (PCD), then k sampler steps.
        if (options.Method == ContrastiveMethod.Persistent)
        {
            indices.BufferSlots(Iteration, options.BufferSize, options.ReinitProbability, hostGather, hostScatter);
            gatherRows.CopyFrom(hostGather);
            scatterRows.CopyFrom(hostScatter);
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
        {
            ReplayRows.Scatter(session, Chains.PositionBuffer.View, Chains.Layout, scatterRows, Buffer.View, d);
        }

        // ∇θE for every row, then the weighted column sum: (±1 + 2αE)/B per row.
        contrast.Differentiate();
        var (loss, positive, negative) = LossAndWeights();
        contrast.Reduce();
        double norm = Optimizer.Update(contrast.Gradient, options.GradientClip, (float)options.LearningRateAt(Iteration));
        if (!double.IsFinite(norm))
            throw new TrainingDivergedException($"the parameter gradient is not finite at iteration {Iteration + 1}");
        Iteration++;
        clock.Stop();
        double acceptance = options.Sampler == SamplerKind.Ula ? double.NaN
            : Chains.Accepted.ToArray().Sum(value => (double)value) / ((double)batch * options.SamplerSteps);
        return new TrainingProgress(Iteration, loss, positive, negative, norm, acceptance, clock.Elapsed.TotalSeconds);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in new IDisposable[] { data, contrast, gatherRows, scatterRows, chainRows, boxLow, boxHigh, Chains, Buffer, Optimizer })
            owned.Dispose();
    }

    private SamplerSettings SamplerSettingsFor() => new()
    {
        Steps = options.SamplerSteps,
        InverseTemperature = (float)(1 / model.Temperature),
        TargetAcceptance = 0.8f,
    };

    private TransitionChoice Transition => new(options.Sampler) { Leapfrog = 5, NoiseScale = options.NoiseScale };

    private (double Loss, double Positive, double Negative) LossAndWeights()
    {
        int batch = options.BatchSize;
        double alpha = options.EnergyRegularization, positive = 0, negative = 0, squares = 0;
        for (int n = 0; n < 2 * batch; n++)
        {
            double energy = contrast.HostEnergies[n];
            if (!double.IsFinite(energy))
                throw new TrainingDivergedException($"a {(n < batch ? "data" : "sample")} energy is {energy} at iteration {Iteration + 1}: lower the learning rate or the sampler step size");
            if (n < batch)
                positive += energy;
            else
                negative += energy;
            squares += energy * energy;
            contrast.HostWeights[n] = (float)(((n < batch ? 1 : -1) + 2 * alpha * energy) / batch);
        }
        positive /= batch;
        negative /= batch;
        return (positive - negative + alpha * squares / batch, positive, negative);
    }

    private void FillBufferWithNoise()
    {
        var all = Enumerable.Repeat(-1, Buffer.Rows).ToArray();
        using var rows = new DeviceVector<int>(model.Device.Session, all.Length);
        rows.CopyFrom(all);
        ReplayRows.Gather(model.Device.Session, Buffer.View, rows, Buffer.View, PointLayout.RowMajor(model.Dimension), boxLow, boxHigh, options.Seed, ulong.MaxValue);
    }

    private static (float[] Low, float[] High) ReinitBox(float[,] points, double margin)
    {
        var (lower, upper) = BoundingBox.Of(points, margin);
        return ([.. lower.Select(value => (float)value)], [.. upper.Select(value => (float)value)]);
    }
}
