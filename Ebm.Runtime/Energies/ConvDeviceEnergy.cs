using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;

namespace Ebm.Runtime.Energies;

/// <summary>
/// A convolutional energy on the device (<see cref="ConvEnergy"/>): parameters (trainable), the layers' geometry, and a
/// workspace that grows with the batch. Its batch θ-gradient is the general one (<see cref="RowParameterGradient"/>).
/// </summary>
public sealed class ConvDeviceEnergy : TrainableDeviceEnergy<ConvEnergy>
{
    private readonly DeviceVector<int> geometry;
    private readonly DeviceVector<float> transposedWeights;
    private readonly int hiddenTotal;
    private readonly int maxSize;
    private readonly ActivationKind activation;
    private readonly PoolingKind pooling;
    private readonly SlotWorkspace workspace;

    /// <summary>Uploads the network.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="layers">The convolutions in order, each taking the previous one's output shape (<see cref="Validated"/>).</param>
    /// <param name="activation">φ after every convolution.</param>
    /// <param name="pooling">The pooling before the linear head.</param>
    /// <param name="parameters">The flat parameters (layout of <see cref="ConvEnergy"/>), <see cref="ParameterCountOf"/> values.</param>
    public ConvDeviceEnergy(AcceleratorSession session, IReadOnlyList<ConvLayerShape> layers, ActivationKind activation, PoolingKind pooling,
        ReadOnlySpan<float> parameters)
        : base(session, Validated(layers, parameters).InSize, parameters)
    {
        var table = new int[layers.Count * ConvLayerShape.Fields];
        for (int l = 0; l < layers.Count; l++)
            layers[l].Write(table, l);
        geometry = new DeviceVector<int>(session, table.Length);
        geometry.CopyFrom(table);
        hiddenTotal = layers.Sum(layer => layer.OutSize);
        maxSize = layers.Max(layer => layer.OutSize);
        transposedWeights = new DeviceVector<float>(session, 2 * layers.Sum(layer => (long)layer.OutChannels * layer.FanIn));
        this.activation = activation;
        this.pooling = pooling;
        workspace = new SlotWorkspace(session, 2 * hiddenTotal + 2 * maxSize);
    }

    /// <summary>Σ_l (C_out · C_in · k² + C_out) + C_L + 1: the convolutions and the head.</summary>
    /// <param name="layers">The convolutions.</param>
    /// <returns>The parameter count.</returns>
    public static int ParameterCountOf(IReadOnlyList<ConvLayerShape> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        long count = layers.Sum(layer => (long)layer.ParameterCount) + (layers.Count == 0 ? 0 : layers[^1].OutChannels + 1);
        if (count > int.MaxValue)
            throw new ArgumentException($"the network would have {count:N0} parameters; at most {int.MaxValue:N0} fit one buffer", nameof(layers));
        return (int)count;
    }

    /// <inheritdoc/>
    /// <remarks>Derives the transposed weights the forward pass reads from the current parameters (which optimisers and checkpoints write in place).</remarks>
    public override ConvEnergy Bind(int slots) =>
        TransposedWeightLauncher.Derive(Session, new ConvEnergy(Parameters.View, transposedWeights.View, geometry.View, workspace.For(slots), Dimension,
            hiddenTotal, maxSize, activation, pooling));

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        workspace.Dispose();
        geometry.Dispose();
        transposedWeights.Dispose();
        base.Dispose(disposing);
    }

    // The first layer, once the chain of shapes and the parameter count are checked.
    private static ConvLayerShape Validated(IReadOnlyList<ConvLayerShape> layers, ReadOnlySpan<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
            throw new ArgumentException("a convolutional energy needs at least one convolution", nameof(layers));
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            if (layer.InChannels < 1 || layer.InHeight < 1 || layer.InWidth < 1 || layer.OutChannels < 1 || layer.Kernel < 1 || layer.Stride < 1 || layer.Padding < 0)
                throw new ArgumentException($"convolution {l} needs positive sizes, kernel and stride and a padding ≥ 0", nameof(layers));
            if (layer.OutHeight < 1 || layer.OutWidth < 1)
                throw new ArgumentException($"convolution {l}'s {layer.Kernel}×{layer.Kernel} kernel does not fit its padded {layer.InHeight}×{layer.InWidth} input", nameof(layers));
            if (l > 0 && (layer.InChannels, layer.InHeight, layer.InWidth) != (layers[l - 1].OutChannels, layers[l - 1].OutHeight, layers[l - 1].OutWidth))
                throw new ArgumentException($"convolution {l} takes {layer.InChannels}×{layer.InHeight}×{layer.InWidth} but convolution {l - 1} gives {layers[l - 1].OutChannels}×{layers[l - 1].OutHeight}×{layers[l - 1].OutWidth}", nameof(layers));
        }
        int expected = ParameterCountOf(layers);
        if (parameters.Length != expected)
            throw new ArgumentException($"this convolutional network has {expected} parameters, got {parameters.Length}", nameof(parameters));
        return layers[0];
    }
}
