using Ebm.Facade.Distributed;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Training;
using ILGPU;

namespace Ebm.Facade.Training;

/// <summary>
/// The device half of a contrastive-divergence step shared by the trainers: a [2B, d] batch (rows [0, B) the data,
/// rows [B, 2B) the negatives), its energies, the row weights (±1 + 2αE)/B computed from them, the weighted gradient
/// g = Σ_r w_r ∇θE(x_r) (for α = 0: mean_data ∇θE − mean_samples ∇θE), and the iteration's measurements. Nothing is read back,
/// except by a member of a data-parallel run, whose batch is its block of the run's and which forms the run's gradient and
/// measurements with the others through a <see cref="ContrastExchange"/>.
/// </summary>
internal sealed class ContrastiveGradient : IDisposable
{
    private readonly AcceleratorSession session;
    private readonly IBatchParameterGradient rows;
    private readonly DeviceVector<float> energies;
    private readonly DeviceVector<float> weights;
    private readonly ContrastExchange? exchange;
    private readonly int runBatch;

    /// <summary>Allocates the buffers for batches of <paramref name="batch"/> data and <paramref name="batch"/> negative rows.</summary>
    /// <param name="session">The session.</param>
    /// <param name="trainable">The energy.</param>
    /// <param name="batch">b, this member's rows of each half.</param>
    /// <param name="dimension">d.</param>
    /// <param name="shard">The member's block of the run's batch rows (Count = b) in a data-parallel run, or null.</param>
    public ContrastiveGradient(AcceleratorSession session, ITrainableDeviceEnergy trainable, int batch, int dimension, ChainShard? shard = null)
    {
        this.session = session;
        BatchSize = batch;
        runBatch = shard?.TotalChains ?? batch;
        if (shard is { Group.Size: > 1 })
            exchange = new ContrastExchange(session, shard);
        Dimension = dimension;
        Combined = new DeviceMatrix<float>(session, 2 * batch, dimension);
        energies = new DeviceVector<float>(session, 2 * batch);
        weights = new DeviceVector<float>(session, 2 * batch);
        rows = trainable.CreateBatchGradient(2 * batch);
        Gradient = new DeviceVector<float>(session, trainable.ParameterCount);
    }

    /// <summary>B.</summary>
    public int BatchSize { get; }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>[2B, d]: data rows, then negative rows.</summary>
    public DeviceMatrix<float> Combined { get; }

    /// <summary>Rows [0, B) of <see cref="Combined"/>.</summary>
    public ArrayView<float> Positives => Combined.View.SubView(0, (long)BatchSize * Dimension);

    /// <summary>Rows [B, 2B) of <see cref="Combined"/>.</summary>
    public ArrayView<float> Negatives => Combined.View.SubView((long)BatchSize * Dimension, (long)BatchSize * Dimension);

    /// <summary>The reduced gradient.</summary>
    public DeviceVector<float> Gradient { get; }

    /// <summary>
    /// E of every row of <see cref="Combined"/>, the weights, <see cref="Gradient"/>, and the loss, mean energies and
    /// acceptance into <paramref name="monitor"/>'s row of <paramref name="iteration"/> (a non-finite energy records a divergence);
    /// of the run's batch in a data-parallel run (a collective call).
    /// </summary>
    /// <param name="alpha">α of the regulariser (0 for plain CD).</param>
    /// <param name="accepted">[B] accepted proposals per negative chain, or null when the sampler has no acceptance.</param>
    /// <param name="proposalsPerChain">The proposals each chain made.</param>
    /// <param name="monitor">Where the measurements go.</param>
    /// <param name="iteration">The 1-based iteration.</param>
    public void Compute(float alpha, DeviceVector<int>? accepted, int proposalsPerChain, TrainingMonitor monitor, int iteration)
    {
        rows.Evaluate(Combined, energies);
        ContrastiveMeasures.Weights(session, energies, weights, alpha, runBatch);
        rows.Reduce(weights, Gradient);
        if (exchange is null)
        {
            ContrastiveMeasures.Measure(session, energies, accepted, proposalsPerChain, alpha, monitor, iteration);
            return;
        }
        exchange.Combine(energies, accepted, Gradient);
        ContrastiveMeasures.Measure(session, exchange.Energies, accepted is null ? null : exchange.Accepted, proposalsPerChain, alpha, monitor, iteration);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in new IDisposable?[] { Combined, energies, weights, rows, Gradient, exchange })
            owned?.Dispose();
    }
}
