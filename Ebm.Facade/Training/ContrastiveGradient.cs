using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Training;
using ILGPU;

namespace Ebm.Facade.Training;

/// <summary>
/// The device half of a contrastive-divergence step shared by the trainers: a [2B, d] batch (rows [0, B) the data,
/// rows [B, 2B) the negatives), per-row ∇θE, and the weighted column sum g = Σ_r w_r ∇θE(x_r) with weights set on the host
/// from the energies (±1/B for plain CD: g = mean_data ∇θE − mean_samples ∇θE).
/// </summary>
internal sealed class ContrastiveGradient : IDisposable
{
    private readonly AcceleratorSession session;
    private readonly ITrainableDeviceEnergy trainable;
    private readonly DeviceVector<float> energies;
    private readonly DeviceMatrix<float> perSample;
    private readonly DeviceVector<float> weights;

    /// <summary>Allocates the buffers for batches of <paramref name="batch"/> data and <paramref name="batch"/> negative rows.</summary>
    public ContrastiveGradient(AcceleratorSession session, ITrainableDeviceEnergy trainable, int batch, int dimension)
    {
        this.session = session;
        this.trainable = trainable;
        BatchSize = batch;
        Dimension = dimension;
        Combined = new DeviceMatrix<float>(session, 2 * batch, dimension);
        energies = new DeviceVector<float>(session, 2 * batch);
        perSample = new DeviceMatrix<float>(session, 2 * batch, trainable.ParameterCount);
        weights = new DeviceVector<float>(session, 2 * batch);
        Gradient = new DeviceVector<float>(session, trainable.ParameterCount);
        HostEnergies = new float[2 * batch];
        HostWeights = new float[2 * batch];
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

    /// <summary>E of every row after <see cref="Differentiate"/>.</summary>
    public float[] HostEnergies { get; }

    /// <summary>The row weights <see cref="Reduce"/> uploads.</summary>
    public float[] HostWeights { get; }

    /// <summary>The reduced gradient.</summary>
    public DeviceVector<float> Gradient { get; }

    /// <summary>∇θE and E for every row of <see cref="Combined"/>; the energies are copied to <see cref="HostEnergies"/>.</summary>
    public void Differentiate()
    {
        trainable.EvaluateParameterGradients(Combined, energies, perSample);
        energies.CopyTo(HostEnergies);
    }

    /// <summary>Sets the plain CD weights: +1/B on data rows, −1/B on negative rows.</summary>
    public void SetPlainWeights()
    {
        for (int n = 0; n < 2 * BatchSize; n++)
            HostWeights[n] = (n < BatchSize ? 1f : -1f) / BatchSize;
    }

    /// <summary>Uploads <see cref="HostWeights"/> and reduces into <see cref="Gradient"/>.</summary>
    public void Reduce()
    {
        weights.CopyFrom(HostWeights);
        ColumnReduction.WeightedSums(session, perSample, weights, Gradient);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in new IDisposable[] { Combined, energies, perSample, weights, Gradient })
            owned.Dispose();
    }
}
