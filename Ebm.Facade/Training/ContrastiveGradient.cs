using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Training;
using ILGPU;

namespace Ebm.Facade.Training;

/// <summary>
/// The device half of a contrastive-divergence step shared by the trainers: a [2B, d] batch (rows [0, B) the data,
/// rows [B, 2B) the negatives), its energies, the row weights (±1 + 2αE)/B computed from them, the weighted gradient
/// g = Σ_r w_r ∇θE(x_r) (for α = 0: mean_data ∇θE − mean_samples ∇θE), and the iteration's measurements. Nothing is read back.
/// </summary>
internal sealed class ContrastiveGradient : IDisposable
{
    private readonly AcceleratorSession session;
    private readonly IBatchParameterGradient rows;
    private readonly DeviceVector<float> energies;
    private readonly DeviceVector<float> weights;

    /// <summary>Allocates the buffers for batches of <paramref name="batch"/> data and <paramref name="batch"/> negative rows.</summary>
    public ContrastiveGradient(AcceleratorSession session, ITrainableDeviceEnergy trainable, int batch, int dimension)
    {
        this.session = session;
        BatchSize = batch;
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
    /// acceptance into <paramref name="monitor"/>'s row of <paramref name="iteration"/> (a non-finite energy records a divergence).
    /// </summary>
    /// <param name="alpha">α of the regulariser (0 for plain CD).</param>
    /// <param name="accepted">[B] accepted proposals per negative chain, or null when the sampler has no acceptance.</param>
    /// <param name="proposalsPerChain">The proposals each chain made.</param>
    /// <param name="monitor">Where the measurements go.</param>
    /// <param name="iteration">The 1-based iteration.</param>
    public void Compute(float alpha, DeviceVector<int>? accepted, int proposalsPerChain, TrainingMonitor monitor, int iteration)
    {
        rows.Evaluate(Combined, energies);
        ContrastiveMeasures.Weights(session, energies, weights, alpha);
        ContrastiveMeasures.Measure(session, energies, accepted, proposalsPerChain, alpha, monitor, iteration);
        rows.Reduce(weights, Gradient);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in new IDisposable[] { Combined, energies, weights, rows, Gradient })
            owned.Dispose();
    }
}
