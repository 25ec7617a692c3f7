using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// A convolutional energy E(x) = w · pool(φ(conv_L(… φ(conv_1(x))))) + b: L convolutions (<see cref="ConvLayerShape"/>),
/// each followed by the activation φ, then average or sum pooling over every position of each channel, then a linear
/// head to one value. A point is an image of C₀ × H₀ × W₀ values in PyTorch's channel, row, column order.
/// </summary>
/// <remarks>
/// <para>Parameter layout (one flat buffer, PyTorch's <c>nn.Sequential</c> order): for each convolution its weight
/// [C_out, C_in, k, k] then its bias [C_out]; then the head's weight [1, C_L] and bias [1].</para>
/// <para>Workspace per slot, as <see cref="MlpEnergy"/>'s: the pre-activations z of every layer's output (H values in all,
/// H = Σ C_out · H_out · W_out), their activations a (H), then two back-propagation buffers of the largest layer output, in
/// the blocked layout of <see cref="WorkspaceLayout"/>, so that adjacent threads (chains) touch adjacent floats.</para>
/// <para>Backward pass: ∂E/∂a_L = w_c · r (r = 1/(H_L W_L) for average pooling, 1 for sum); δ_l = ∂E/∂a_l ⊙ φ′(z_l);
/// ∂E/∂W_l[o, i, ky, kx] = Σ_{y,x} δ_l[o, y, x] · in_l[i, s y − p + ky, s x − p + kx], ∂E/∂b_l[o] = Σ_{y,x} δ_l[o, y, x];
/// and ∂E/∂in_l is gathered per input value over the kernel taps that reach it, so every sum runs in a fixed order.</para>
/// </remarks>
public readonly struct ConvEnergy : ITrainableEnergy
{
    private readonly ArrayView<float> parameters;
    private readonly ArrayView<int> geometry;
    private readonly ArrayView<float> workspace;
    private readonly int dimension;
    private readonly int layers;
    private readonly int hiddenTotal;
    private readonly int maxSize;
    private readonly ActivationKind activation;
    private readonly PoolingKind pooling;

    /// <summary>Binds the network to its parameter, geometry and workspace buffers.</summary>
    /// <param name="parameters">The flat parameters (layout above).</param>
    /// <param name="geometry">L · <see cref="ConvLayerShape.Fields"/> ints (<see cref="ConvLayerShape.Write"/>).</param>
    /// <param name="workspace">At least <see cref="WorkspaceLayout"/>.Length(slots) floats.</param>
    /// <param name="dimension">C₀ · H₀ · W₀.</param>
    /// <param name="hiddenTotal">H = Σ_l C_out · H_out · W_out.</param>
    /// <param name="maxSize">The largest layer output, max_l C_out · H_out · W_out.</param>
    /// <param name="activation">φ.</param>
    /// <param name="pooling">The pooling before the head.</param>
    public ConvEnergy(ArrayView<float> parameters, ArrayView<int> geometry, ArrayView<float> workspace, int dimension, int hiddenTotal, int maxSize,
        ActivationKind activation, PoolingKind pooling)
    {
        this.parameters = parameters;
        this.geometry = geometry;
        this.workspace = workspace;
        this.dimension = dimension;
        layers = (int)(geometry.Length / ConvLayerShape.Fields);
        this.hiddenTotal = hiddenTotal;
        this.maxSize = maxSize;
        this.activation = activation;
        this.pooling = pooling;
    }

    /// <summary>Workspace floats per slot: 2H + 2 · the largest layer output.</summary>
    public int WorkspaceStride => 2 * hiddenTotal + 2 * maxSize;

    /// <summary>The workspace's layout: <see cref="PointLayout.Blocked"/> over <see cref="WorkspaceStride"/> values per slot.</summary>
    public PointLayout WorkspaceLayout => PointLayout.Blocked(WorkspaceStride);

    /// <inheritdoc/>
    public int Dimension => dimension;

    /// <inheritdoc/>
    public int ParameterCount => (int)parameters.Length;

    /// <inheritdoc/>
    public float Energy(PointView point, int slot) => Forward(point, WorkspaceLayout.At(slot, 0));

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        long start = WorkspaceLayout.At(slot, 0);
        float energy = Forward(point, start);
        Backward(point, start, gradient, default, BackwardTargets.Input);
        return energy;
    }

    /// <inheritdoc/>
    public float EnergyAndParameterGradient(PointView point, ArrayView<float> parameterGradient, int slot)
    {
        long start = WorkspaceLayout.At(slot, 0);
        float energy = Forward(point, start);
        Backward(point, start, default, parameterGradient, BackwardTargets.Parameters);
        return energy;
    }

    // Workspace value k of the slot whose value 0 is at start.
    private static long At(long k, long start) => start + k * PointLayout.ChainBlock;

    // Value v of layer l's input: the point for l = 0, else layer l − 1's activations (workspace values from inputStart).
    private float Input(PointView point, long start, int layer, long inputStart, int v) =>
        layer == 0 ? point[v] : workspace[At(inputStart + v, start)];

    // The pooling weight r of each position of the last feature maps.
    private float PoolScale(ConvLayerShape last) => pooling == PoolingKind.Average ? 1f / last.OutPlane : 1f;

    private float Forward(PointView point, long start)
    {
        long parameterOffset = 0, inputStart = 0, outputStart = 0;
        ConvLayerShape shape = default;
        for (int l = 0; l < layers; l++)
        {
            shape = ConvLayerShape.Read(geometry, l);
            long biasOffset = parameterOffset + (long)shape.OutChannels * shape.FanIn;
            for (int o = 0; o < shape.OutChannels; o += RegisterBlock.Width)
            {
                int o1 = RegisterBlock.Lane(o, 1, shape.OutChannels), o2 = RegisterBlock.Lane(o, 2, shape.OutChannels), o3 = RegisterBlock.Lane(o, 3, shape.OutChannels);
                for (int y = 0; y < shape.OutHeight; y++)
                {
                    for (int x = 0; x < shape.OutWidth; x++)
                    {
                        float s0 = parameters[biasOffset + o], s1 = parameters[biasOffset + o1], s2 = parameters[biasOffset + o2], s3 = parameters[biasOffset + o3];
                        for (int i = 0; i < shape.InChannels; i++)
                        {
                            for (int ky = 0; ky < shape.Kernel; ky++)
                            {
                                int iy = y * shape.Stride - shape.Padding + ky;
                                if (iy < 0 || iy >= shape.InHeight)
                                    continue;
                                for (int kx = 0; kx < shape.Kernel; kx++)
                                {
                                    int ix = x * shape.Stride - shape.Padding + kx;
                                    if (ix < 0 || ix >= shape.InWidth)
                                        continue;
                                    float v = Input(point, start, l, inputStart, (i * shape.InHeight + iy) * shape.InWidth + ix);
                                    s0 += parameters[parameterOffset + shape.Weight(o, i, ky, kx)] * v;
                                    s1 += parameters[parameterOffset + shape.Weight(o1, i, ky, kx)] * v;
                                    s2 += parameters[parameterOffset + shape.Weight(o2, i, ky, kx)] * v;
                                    s3 += parameters[parameterOffset + shape.Weight(o3, i, ky, kx)] * v;
                                }
                            }
                        }
                        int position = y * shape.OutWidth + x;
                        StoreHidden(start, outputStart + o * shape.OutPlane + position, s0);
                        StoreHidden(start, outputStart + o1 * shape.OutPlane + position, s1);
                        StoreHidden(start, outputStart + o2 * shape.OutPlane + position, s2);
                        StoreHidden(start, outputStart + o3 * shape.OutPlane + position, s3);
                    }
                }
            }
            parameterOffset = biasOffset + shape.OutChannels;
            inputStart = hiddenTotal + outputStart;
            outputStart += shape.OutSize;
        }
        // The head: b + Σ_c w_c · r Σ_positions a_L[c, position].
        float energy = parameters[parameterOffset + shape.OutChannels];
        float scale = PoolScale(shape);
        for (int c = 0; c < shape.OutChannels; c++)
            energy += parameters[parameterOffset + c] * scale * PooledSum(start, inputStart + (long)c * shape.OutPlane, shape.OutPlane);
        return energy;
    }

    // Σ of `count` workspace values from `first`, in order.
    private float PooledSum(long start, long first, int count)
    {
        float sum = 0;
        for (int position = 0; position < count; position++)
            sum += workspace[At(first + position, start)];
        return sum;
    }

    // z and a = φ(z) of hidden value k (spare lanes of a block write their clamped channel's own values again).
    private void StoreHidden(long start, long k, float z)
    {
        workspace[At(k, start)] = z;
        workspace[At(hiddenTotal + k, start)] = Activation.Apply(activation, z);
    }

    private void Backward(PointView point, long start, PointView inputGradient, ArrayView<float> parameterGradient, BackwardTargets targets)
    {
        bool wantParameters = (targets & BackwardTargets.Parameters) != 0;
        long deltaCurrent = 2 * hiddenTotal, deltaNext = deltaCurrent + maxSize;
        var last = ConvLayerShape.Read(geometry, layers - 1);
        long headOffset = parameters.Length - last.OutChannels - 1;
        long outputStart = hiddenTotal - last.OutSize;
        float scale = PoolScale(last);
        for (int c = 0; c < last.OutChannels; c++)
        {
            float headWeight = parameters[headOffset + c] * scale;
            long channel = (long)c * last.OutPlane;
            if (wantParameters)
                parameterGradient[headOffset + c] = scale * PooledSum(start, hiddenTotal + outputStart + channel, last.OutPlane);
            for (int position = 0; position < last.OutPlane; position++)
                workspace[At(deltaCurrent + channel + position, start)] = headWeight * Activation.Derivative(activation, workspace[At(outputStart + channel + position, start)]);
        }
        if (wantParameters)
            parameterGradient[headOffset + last.OutChannels] = 1;
        long parameterOffset = headOffset;
        for (int l = layers - 1; l >= 0; l--)
        {
            var shape = ConvLayerShape.Read(geometry, l);
            parameterOffset -= shape.ParameterCount;
            long inputStart = outputStart - (l == 0 ? 0 : shape.InSize); // layer l − 1's output among the hidden values
            if (wantParameters)
                LayerParameterGradient(point, start, l, shape, hiddenTotal + inputStart, deltaCurrent, parameterGradient, parameterOffset);
            if (l == 0 && (targets & BackwardTargets.Input) == 0)
                break;
            for (int i = 0; i < shape.InChannels; i += RegisterBlock.Width)
            {
                int i1 = RegisterBlock.Lane(i, 1, shape.InChannels), i2 = RegisterBlock.Lane(i, 2, shape.InChannels), i3 = RegisterBlock.Lane(i, 3, shape.InChannels);
                for (int iy = 0; iy < shape.InHeight; iy++)
                {
                    // The kernel rows that reach input row iy: ky ≡ iy + p (mod s), output row y = (iy + p − ky)/s.
                    int rowPhase = (iy + shape.Padding) % shape.Stride;
                    for (int ix = 0; ix < shape.InWidth; ix++)
                    {
                        int columnPhase = (ix + shape.Padding) % shape.Stride;
                        float g0 = 0, g1 = 0, g2 = 0, g3 = 0;
                        for (int o = 0; o < shape.OutChannels; o++)
                        {
                            for (int ky = rowPhase; ky < shape.Kernel; ky += shape.Stride)
                            {
                                int y = (iy + shape.Padding - ky) / shape.Stride;
                                if (iy + shape.Padding < ky || y >= shape.OutHeight)
                                    continue;
                                long deltaRow = deltaCurrent + (long)(o * shape.OutHeight + y) * shape.OutWidth;
                                for (int kx = columnPhase; kx < shape.Kernel; kx += shape.Stride)
                                {
                                    int x = (ix + shape.Padding - kx) / shape.Stride;
                                    if (ix + shape.Padding < kx || x >= shape.OutWidth)
                                        continue;
                                    float delta = workspace[At(deltaRow + x, start)];
                                    g0 += parameters[parameterOffset + shape.Weight(o, i, ky, kx)] * delta;
                                    g1 += parameters[parameterOffset + shape.Weight(o, i1, ky, kx)] * delta;
                                    g2 += parameters[parameterOffset + shape.Weight(o, i2, ky, kx)] * delta;
                                    g3 += parameters[parameterOffset + shape.Weight(o, i3, ky, kx)] * delta;
                                }
                            }
                        }
                        int position = iy * shape.InWidth + ix;
                        StoreInputGradient(inputGradient, start, l, inputStart, deltaNext, i * shape.InHeight * shape.InWidth + position, g0);
                        StoreInputGradient(inputGradient, start, l, inputStart, deltaNext, i1 * shape.InHeight * shape.InWidth + position, g1);
                        StoreInputGradient(inputGradient, start, l, inputStart, deltaNext, i2 * shape.InHeight * shape.InWidth + position, g2);
                        StoreInputGradient(inputGradient, start, l, inputStart, deltaNext, i3 * shape.InHeight * shape.InWidth + position, g3);
                    }
                }
            }
            (deltaCurrent, deltaNext) = (deltaNext, deltaCurrent);
            outputStart = inputStart;
        }
    }

    // ∂E/∂W_l and ∂E/∂b_l of one row from δ_l (workspace values from delta) and layer l's input.
    private void LayerParameterGradient(PointView point, long start, int layer, ConvLayerShape shape, long inputStart, long delta,
        ArrayView<float> parameterGradient, long parameterOffset)
    {
        long biasOffset = parameterOffset + (long)shape.OutChannels * shape.FanIn;
        for (int o = 0; o < shape.OutChannels; o++)
        {
            long channel = delta + (long)o * shape.OutPlane;
            parameterGradient[biasOffset + o] = PooledSum(start, channel, shape.OutPlane);
            for (int i = 0; i < shape.InChannels; i++)
            {
                for (int ky = 0; ky < shape.Kernel; ky++)
                {
                    for (int kx = 0; kx < shape.Kernel; kx++)
                    {
                        float sum = 0;
                        for (int y = 0; y < shape.OutHeight; y++)
                        {
                            int iy = y * shape.Stride - shape.Padding + ky;
                            if (iy < 0 || iy >= shape.InHeight)
                                continue;
                            for (int x = 0; x < shape.OutWidth; x++)
                            {
                                int ix = x * shape.Stride - shape.Padding + kx;
                                if (ix >= 0 && ix < shape.InWidth)
                                    sum += workspace[At(channel + y * shape.OutWidth + x, start)] * Input(point, start, layer, inputStart, (i * shape.InHeight + iy) * shape.InWidth + ix);
                            }
                        }
                        parameterGradient[parameterOffset + shape.Weight(o, i, ky, kx)] = sum;
                    }
                }
            }
        }
    }

    // g = ∂E/∂(input value v) becomes ∇ₓE at the first layer, else δ_{l−1} = g ⊙ φ′(z_{l−1}).
    private void StoreInputGradient(PointView inputGradient, long start, int layer, long inputStart, long deltaNext, int v, float g)
    {
        if (layer == 0)
            inputGradient[v] = g;
        else
            workspace[At(deltaNext + v, start)] = g * Activation.Derivative(activation, workspace[At(inputStart + v, start)]);
    }
}
