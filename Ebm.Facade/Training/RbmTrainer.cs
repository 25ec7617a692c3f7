using System.Diagnostics;
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
/// Everything runs on the device: the data batch is gathered from a device copy of the data set, the negatives are
/// <see cref="RbmChains"/>, ∇θF per row comes from the trainable <see cref="RbmDeviceEnergy"/> kernel, and the CD
/// difference is the same weighted column sum the continuous trainer uses, followed by <see cref="DeviceOptimizer"/>.
/// The parameters are trained at T = 1 (the spec's temperature is ignored during training).
/// </remarks>
public sealed class RbmTrainer : IDisposable
{
    private readonly RbmDeviceEnergy machine;
    private readonly RbmTrainerOptions options;
    private readonly ReplayIndexSampler indices;
    private readonly int dataCount;
    private readonly DeviceMatrix<float> data;
    private readonly DeviceVector<int> gatherRows;
    private readonly DeviceVector<float> unitLow;
    private readonly DeviceVector<float> unitHigh;
    private readonly int[] hostGather;
    private readonly ContrastiveGradient contrast;
    private readonly RbmChains chains;
    private readonly Stopwatch clock = new();

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
        indices = new ReplayIndexSampler(options.Seed);
        machine = new RbmDeviceEnergy(session, v, initial.Hidden, initial.FlatParameters());
        dataCount = trainingData.GetLength(0);
        data = new DeviceMatrix<float>(session, dataCount, v);
        data.CopyFrom(new ReadOnlySpan2D<float>(trainingData));
        gatherRows = new DeviceVector<int>(session, options.BatchSize);
        hostGather = new int[options.BatchSize];
        unitLow = new DeviceVector<float>(session, v);
        unitHigh = new DeviceVector<float>(session, v);
        unitLow.Clear();
        unitHigh.CopyFrom([.. Enumerable.Repeat(1f, v)]);
        contrast = new ContrastiveGradient(session, machine, options.BatchSize, v);
        chains = new RbmChains(machine, options.BatchSize, options.Seed);
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

    /// <summary>Runs <paramref name="iterations"/> iterations; cancellation is honoured between them.</summary>
    /// <param name="iterations">The number of iterations.</param>
    /// <param name="progress">Receives each iteration's measurements (acceptance is NaN: Gibbs always accepts).</param>
    /// <param name="cancellation">Checked before every iteration.</param>
    public void Train(int iterations, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        for (int i = 0; i < iterations; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var measured = Step();
            progress?.Report(measured);
        }
    }

    /// <summary>One iteration: gather a data batch, k Gibbs sweeps, ∇θF per row, reduce, update.</summary>
    /// <returns>Its measurements; Loss is mean F(data) − mean F(negatives).</returns>
    /// <exception cref="TrainingDivergedException">A free energy or the gradient became non-finite.</exception>
    public TrainingProgress Step()
    {
        clock.Start();
        int batch = options.BatchSize;
        var session = machine.Session;
        indices.DataRows(Iteration, dataCount, hostGather);
        gatherRows.CopyFrom(hostGather);
        ReplayRows.Gather(session, data.View, gatherRows, contrast.Positives, PointLayout.RowMajor(machine.Visible), unitLow, unitHigh, options.Seed, (ulong)Iteration);
        if (!options.Persistent || Iteration == 0)
            contrast.Positives.CopyTo(chains.States.View);
        chains.Advance(new GibbsSettings { Sweeps = options.GibbsSteps, InverseTemperature = 1 }, null);
        chains.States.View.CopyTo(contrast.Negatives);
        contrast.Differentiate();
        double positive = 0, negative = 0;
        for (int n = 0; n < 2 * batch; n++)
        {
            float energy = contrast.HostEnergies[n];
            if (!float.IsFinite(energy))
                throw new TrainingDivergedException($"a free energy is {energy} at iteration {Iteration + 1}: lower the learning rate");
            if (n < batch)
                positive += energy;
            else
                negative += energy;
        }
        positive /= batch;
        negative /= batch;
        contrast.SetPlainWeights();
        contrast.Reduce();
        double norm = Optimizer.Update(contrast.Gradient, double.PositiveInfinity);
        if (!double.IsFinite(norm))
            throw new TrainingDivergedException($"the parameter gradient is not finite at iteration {Iteration + 1}");
        Iteration++;
        clock.Stop();
        return new TrainingProgress(Iteration, positive - negative, positive, negative, norm, double.NaN, clock.Elapsed.TotalSeconds);
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
        foreach (var owned in new IDisposable[] { chains, contrast, Optimizer, data, gatherRows, unitLow, unitHigh, machine })
            owned.Dispose();
    }
}
