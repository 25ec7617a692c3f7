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
/// <para>Workspace per slot, as <see cref="MlpEnergy"/>'s: the activation derivatives φ′(z) of every layer's output (H values in all,
/// H = Σ C_out · H_out · W_out), their activations a (H), then two back-propagation buffers of the largest layer output, in
/// the blocked layout of <see cref="WorkspaceLayout"/>, so that adjacent threads (chains) touch adjacent floats.</para>
/// <para>Backward pass: ∂E/∂a_L = w_c · r (r = 1/(H_L W_L) for average pooling, 1 for sum); δ_l = ∂E/∂a_l ⊙ φ′(z_l);
/// ∂E/∂W_l[o, i, ky, kx] = Σ_{y,x} δ_l[o, y, x] · in_l[i, s y − p + ky, s x − p + kx], ∂E/∂b_l[o] = Σ_{y,x} δ_l[o, y, x];
/// and ∂E/∂in_l is gathered per input value over the kernel taps that reach it, so every sum runs in a fixed order.</para>
/// <para>Both passes sum over adjacent floats in blocks of channels (<see cref="IColumnBlock"/>: 64, 16 or 1 at a
/// time), from two copies of the weights that <see cref="WeightTransposition"/> derives before each launch: the forward
/// pass reads [C_in, k, k, C_out] (a tap's output channels side by side), the input gradient [C_out, k, k, C_in] (its input
/// channels side by side).</para>
/// </remarks>
public readonly struct ConvEnergy : ITrainableEnergy, ITransposedWeights
{
    private readonly ArrayView<float> parameters;
    private readonly ArrayView<float> transposedWeights;
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
    /// <param name="transposedWeights">Every convolution's weights as [C_in, k, k, C_out], then all of them again as [C_out, k, k, C_in] (2 Σ_l C_out · C_in · k² floats), as <see cref="WriteTransposedWeight"/> derives them from <paramref name="parameters"/>.</param>
    /// <param name="geometry">L · <see cref="ConvLayerShape.Fields"/> ints (<see cref="ConvLayerShape.Write"/>).</param>
    /// <param name="workspace">At least <see cref="WorkspaceLayout"/>.Length(slots) floats.</param>
    /// <param name="dimension">C₀ · H₀ · W₀.</param>
    /// <param name="hiddenTotal">H = Σ_l C_out · H_out · W_out.</param>
    /// <param name="maxSize">The largest layer output, max_l C_out · H_out · W_out.</param>
    /// <param name="activation">φ.</param>
    /// <param name="pooling">The pooling before the head.</param>
    public ConvEnergy(ArrayView<float> parameters, ArrayView<float> transposedWeights, ArrayView<int> geometry, ArrayView<float> workspace, int dimension, int hiddenTotal, int maxSize,
        ActivationKind activation, PoolingKind pooling)
    {
        this.parameters = parameters;
        this.transposedWeights = transposedWeights;
        this.geometry = geometry;
        this.workspace = workspace;
        this.dimension = dimension;
        layers = (int)(geometry.Length / ConvLayerShape.Fields);
        this.hiddenTotal = hiddenTotal;
        this.maxSize = maxSize;
        this.activation = activation;
        this.pooling = pooling;
    }

    /// <inheritdoc/>
    public long TransposedWeightCount => transposedWeights.Length;

    /// <inheritdoc/>
    /// <remarks>
    /// The copy has two halves. The first, for the forward pass, transposes each convolution's weight [C_out, C_in · k · k]
    /// to [C_in · k · k, C_out]: each kernel tap's output channels side by side. The second, for the input gradient, is the
    /// gather copy [C_out, k, k, C_in]: each tap's input channels side by side.
    /// </remarks>
    public void WriteTransposedWeight(long t)
    {
        long half = transposedWeights.Length / 2;
        if (t >= half)
        {
            WriteGatherWeight(t, t - half);
            return;
        }
        long parameterOffset = 0, transposedOffset = 0;
        for (int l = 0; l < layers; l++)
        {
            var shape = ConvLayerShape.Read(geometry, l);
            if (WeightTransposition.WriteInLayer(parameters, transposedWeights, t, shape.FanIn, shape.OutChannels, ref parameterOffset, ref transposedOffset))
                return;
        }
    }

    // Value u of the gather copy (value t of the whole copy): weight (o, i, ky, kx) at ((o · k + ky) · k + kx) · C_in + i.
    private void WriteGatherWeight(long t, long u)
    {
        long parameterOffset = 0;
        for (int l = 0; l < layers; l++)
        {
            var shape = ConvLayerShape.Read(geometry, l);
            long count = (long)shape.OutChannels * shape.FanIn;
            if (u < count)
            {
                int o = (int)(u / shape.FanIn), tap = (int)(u % shape.FanIn / shape.InChannels), i = (int)(u % shape.InChannels);
                int taps = shape.Kernel * shape.Kernel;
                transposedWeights[t] = parameters[parameterOffset + (long)o * shape.FanIn + (long)i * taps + tap];
                return;
            }
            u -= count;
            parameterOffset += shape.ParameterCount;
        }
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

    // Forward pass: at each output position, the output channels in blocks from the rows of the transposed weights (one
    // row per kernel tap), widest blocks first.
    private float Forward(PointView point, long start)
    {
        long parameterOffset = 0, transposedOffset = 0, inputStart = 0, outputStart = 0;
        ConvLayerShape shape = default;
        for (int l = 0; l < layers; l++)
        {
            shape = ConvLayerShape.Read(geometry, l);
            long biasOffset = parameterOffset + (long)shape.OutChannels * shape.FanIn;
            var layer = new ForwardLayer(l, shape, biasOffset, transposedOffset, inputStart, outputStart);
            for (int y = 0; y < shape.OutHeight; y++)
            {
                for (int x = 0; x < shape.OutWidth; x++)
                {
                    int o = ForwardBlocks<ColumnBlock64>(point, start, layer, y, x, 0);
                    o = ForwardBlocks<ColumnBlock16>(point, start, layer, y, x, o);
                    ForwardBlocks<ColumnBlock1>(point, start, layer, y, x, o);
                }
            }
            parameterOffset = biasOffset + shape.OutChannels;
            transposedOffset += (long)shape.OutChannels * shape.FanIn;
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

    // Output channels from first on at position (y, x), in blocks of W = TBlock's width (the last one placed by
    // ColumnBlocks.Start); each sum runs over the input channels and the kernel taps inside the input, in order. Returns the
    // first channel left over (fewer than W channels in all).
    private int ForwardBlocks<TBlock>(PointView point, long start, ForwardLayer layer, int y, int x, int first)
        where TBlock : struct, IColumnBlock
    {
        var shape = layer.Shape;
        int width = default(TBlock).Width, o = first;
        for (; o < shape.OutChannels && width <= shape.OutChannels; o += width)
        {
            int at = ColumnBlocks.Start(o, shape.OutChannels, width);
            var sums = default(TBlock);
            sums.Start(parameters, layer.BiasOffset + at);
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
                        long tap = (i * shape.Kernel + ky) * shape.Kernel + kx;
                        sums.Add(transposedWeights, layer.WeightOffset + tap * shape.OutChannels + at,
                            Input(point, start, layer.Index, layer.InputStart, (i * shape.InHeight + iy) * shape.InWidth + ix));
                    }
                }
            }
            int position = y * shape.OutWidth + x;
            for (int j = o - at; j < width; j++)
                StoreHidden(start, layer.OutputStart + (long)(at + j) * shape.OutPlane + position, sums[j]);
        }
        return Math.Min(o, shape.OutChannels);
    }

    // Σ of `count` workspace values from `first`, in order.
    private float PooledSum(long start, long first, int count)
    {
        float sum = 0;
        for (int position = 0; position < count; position++)
            sum += workspace[At(first + position, start)];
        return sum;
    }

    // φ′(z) and a = φ(z) of hidden value k.
    private void StoreHidden(long start, long k, float z)
    {
        workspace[At(hiddenTotal + k, start)] = Activation.Apply(activation, z, out float derivative);
        workspace[At(k, start)] = derivative;
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
                workspace[At(deltaCurrent + channel + position, start)] = headWeight * workspace[At(outputStart + channel + position, start)];
        }
        if (wantParameters)
            parameterGradient[headOffset + last.OutChannels] = 1;
        long parameterOffset = headOffset, gatherOffset = transposedWeights.Length;
        for (int l = layers - 1; l >= 0; l--)
        {
            var shape = ConvLayerShape.Read(geometry, l);
            parameterOffset -= shape.ParameterCount;
            gatherOffset -= (long)shape.OutChannels * shape.FanIn;
            long inputStart = outputStart - (l == 0 ? 0 : shape.InSize); // layer l − 1's output among the hidden values
            if (wantParameters)
                LayerParameterGradient(point, start, l, shape, hiddenTotal + inputStart, deltaCurrent, parameterGradient, parameterOffset);
            if (l == 0 && (targets & BackwardTargets.Input) == 0)
                break;
            var layer = new BackwardLayer(l, shape, gatherOffset, inputStart, deltaCurrent, deltaNext);
            for (int iy = 0; iy < shape.InHeight; iy++)
            {
                for (int ix = 0; ix < shape.InWidth; ix++)
                {
                    int i = InputGradientBlocks<ColumnBlock64>(inputGradient, start, layer, iy, ix, 0);
                    i = InputGradientBlocks<ColumnBlock16>(inputGradient, start, layer, iy, ix, i);
                    InputGradientBlocks<ColumnBlock1>(inputGradient, start, layer, iy, ix, i);
                }
            }
            (deltaCurrent, deltaNext) = (deltaNext, deltaCurrent);
            outputStart = inputStart;
        }
    }

    // Input channels of ∂E/∂(layer input) from first on at position (iy, ix), in blocks of W = TBlock's width (the last one
    // placed by ColumnBlocks.Start), from the rows of the gather copy: each sum runs over the output channels and the kernel
    // taps that reach (iy, ix) (ky ≡ iy + p mod s, output row y = (iy + p − ky)/s; the same for columns), in order. Stored
    // by StoreInputGradient; returns the first channel left over (fewer than W channels in all).
    private int InputGradientBlocks<TBlock>(PointView inputGradient, long start, BackwardLayer layer, int iy, int ix, int first)
        where TBlock : struct, IColumnBlock
    {
        var shape = layer.Shape;
        int width = default(TBlock).Width, i = first;
        int rowPhase = (iy + shape.Padding) % shape.Stride, columnPhase = (ix + shape.Padding) % shape.Stride;
        for (; i < shape.InChannels && width <= shape.InChannels; i += width)
        {
            int at = ColumnBlocks.Start(i, shape.InChannels, width);
            var sums = default(TBlock);
            for (int o = 0; o < shape.OutChannels; o++)
            {
                for (int ky = rowPhase; ky < shape.Kernel; ky += shape.Stride)
                {
                    int y = (iy + shape.Padding - ky) / shape.Stride;
                    if (iy + shape.Padding < ky || y >= shape.OutHeight)
                        continue;
                    long deltaRow = layer.DeltaCurrent + (long)(o * shape.OutHeight + y) * shape.OutWidth;
                    for (int kx = columnPhase; kx < shape.Kernel; kx += shape.Stride)
                    {
                        int x = (ix + shape.Padding - kx) / shape.Stride;
                        if (ix + shape.Padding < kx || x >= shape.OutWidth)
                            continue;
                        long tap = (o * shape.Kernel + ky) * shape.Kernel + kx;
                        sums.Add(transposedWeights, layer.WeightOffset + tap * shape.InChannels + at, workspace[At(deltaRow + x, start)]);
                    }
                }
            }
            int position = iy * shape.InWidth + ix;
            for (int j = i - at; j < width; j++)
                StoreInputGradient(inputGradient, start, layer.Index, layer.InputStart, layer.DeltaNext, (at + j) * shape.InHeight * shape.InWidth + position, sums[j]);
        }
        return Math.Min(i, shape.InChannels);
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
            workspace[At(deltaNext + v, start)] = g * workspace[At(inputStart + v, start)];
    }

    // Where one convolution's forward pass reads and writes: its shape, its biases among the parameters, its transposed
    // weights, and the offsets of its input activations and of its outputs among the workspace's hidden values.
    private readonly struct ForwardLayer(int index, ConvLayerShape shape, long biasOffset, long weightOffset, long inputStart, long outputStart)
    {
        public readonly int Index = index;
        public readonly ConvLayerShape Shape = shape;
        public readonly long BiasOffset = biasOffset;
        public readonly long WeightOffset = weightOffset;
        public readonly long InputStart = inputStart;
        public readonly long OutputStart = outputStart;
    }

    // Where one convolution's input gradient reads and writes: its shape, its weights in the gather copy, the offset of its
    // input among the workspace's hidden values, and the δ buffers it reads (δ_l) and writes (δ_{l−1}).
    private readonly struct BackwardLayer(int index, ConvLayerShape shape, long weightOffset, long inputStart, long deltaCurrent, long deltaNext)
    {
        public readonly int Index = index;
        public readonly ConvLayerShape Shape = shape;
        public readonly long WeightOffset = weightOffset;
        public readonly long InputStart = inputStart;
        public readonly long DeltaCurrent = deltaCurrent;
        public readonly long DeltaNext = deltaNext;
    }
}
