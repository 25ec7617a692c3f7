using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// A multilayer perceptron energy E(x) = s · net(x) + c/2 · |x − μ₀|²: Linear layers of widths w₀ = d, w₁, …, w_L = 1
/// with an activation after every layer but the last, output scale s, and an optional Gaussian base term.
/// </summary>
/// <remarks>
/// <para>The base term (curvature c = 1/σ₀², centre μ₀; c = 0 turns it off) keeps a learned energy normalisable: a
/// network of piecewise-linear-like activations can only decrease linearly in far directions, so with c &gt; 0,
/// exp(−E) always has a finite integral, whatever the network learned. It has no parameters to train.</para>
/// <para>Parameter layout (one flat buffer, PyTorch's <c>nn.Sequential</c> order): for each layer l, its weight
/// [w_{l+1}, w_l] row-major, then its bias [w_{l+1}].</para>
/// <para>Workspace per slot: the activation derivatives φ′(z) of all hidden layers (H values, kept by the forward pass for the
/// backward one, so that φ's exponential or tanh runs once per unit), their activations a = φ(z) (H), then two
/// back-propagation buffers of the widest layer's size; H = Σ hidden widths. Value k of slot s lives at
/// (⌊s/B⌋·stride + k)·B + s mod B with B = <see cref="PointLayout.ChainBlock"/> (<see cref="WorkspaceLayout"/>), so the threads of a warp, one chain each, read and
/// write adjacent floats.</para>
/// <para>Both passes compute sums over adjacent floats in blocks (<see cref="IColumnBlock"/>: 64, 16 or 1 at a
/// time): the forward pass reads a transposed copy of the weights (W_lᵀ, one row per input, derived from the parameters by
/// <see cref="WeightTransposition"/> before each launch), the backward pass the rows of W_l. Each sum runs over its
/// terms in order.</para>
/// <para>Backward pass: δ_L = s; for l = L−1…0, ∂E/∂W_l = δ_l a_lᵀ, ∂E/∂b_l = δ_l, g = W_lᵀ δ_l, and
/// δ_{l−1} = g ⊙ φ′(z_{l−1}) (or ∇ₓE = g at the input).</para>
/// <para>A batch's weighted parameter gradient Σₙ wₙ ∇θE(xₙ) is a sum of outer products, ∂/∂W_l = Σₙ wₙ δ_l(n) a_l(n)ᵀ, so it
/// never needs a per-row ∇θE: <see cref="EnergyAndTrace"/> keeps each row's layer inputs a_l and output deltas δ_l (its
/// trace, <see cref="TraceStride"/> floats), and <see cref="WeightedParameterGradient"/> sums one parameter over the rows.</para>
/// </remarks>
public readonly struct MlpEnergy : ITrainableEnergy, ITransposedWeights
{
    private readonly ArrayView<float> parameters;
    private readonly ArrayView<float> transposedWeights;
    private readonly ArrayView<int> widths;
    private readonly ArrayView<float> workspace;
    private readonly ArrayView<float> baseCentre;
    private readonly float baseCurvature;
    private readonly int dimension;
    private readonly int layers;
    private readonly int hiddenTotal;
    private readonly int maxWidth;
    private readonly ActivationKind activation;
    private readonly float outputScale;

    /// <summary>Binds the network to its parameter, width and workspace buffers.</summary>
    /// <param name="parameters">The flat parameters (layout above).</param>
    /// <param name="transposedWeights">W_lᵀ of every layer, [w_l, w_{l+1}] row-major, layer after layer (Σ_l w_l · w_{l+1} floats), as <see cref="WriteTransposedWeight"/> derives them from <paramref name="parameters"/>.</param>
    /// <param name="widths">w₀ … w_L, with w_L = 1.</param>
    /// <param name="workspace">At least <see cref="WorkspaceLayout"/>.Length(slots) floats.</param>
    /// <param name="dimension">w₀, the input dimension (also <c>widths[0]</c>).</param>
    /// <param name="hiddenTotal">H = Σ hidden widths.</param>
    /// <param name="maxWidth">max over l of w_l.</param>
    /// <param name="activation">The hidden activation.</param>
    /// <param name="outputScale">s.</param>
    /// <param name="baseCentre">μ₀, d values (unread when <paramref name="baseCurvature"/> is 0).</param>
    /// <param name="baseCurvature">c = 1/σ₀² of the base term, or 0 for none.</param>
    public MlpEnergy(ArrayView<float> parameters, ArrayView<float> transposedWeights, ArrayView<int> widths, ArrayView<float> workspace,
        int dimension, int hiddenTotal, int maxWidth, ActivationKind activation, float outputScale,
        ArrayView<float> baseCentre, float baseCurvature)
    {
        this.baseCentre = baseCentre;
        this.baseCurvature = baseCurvature;
        this.parameters = parameters;
        this.transposedWeights = transposedWeights;
        this.widths = widths;
        this.workspace = workspace;
        this.dimension = dimension;
        layers = (int)widths.Length - 1;
        this.hiddenTotal = hiddenTotal;
        this.maxWidth = maxWidth;
        this.activation = activation;
        this.outputScale = outputScale;
    }

    /// <inheritdoc/>
    public long TransposedWeightCount => transposedWeights.Length;

    /// <inheritdoc/>
    public void WriteTransposedWeight(long t)
    {
        long parameterOffset = 0, transposedOffset = 0;
        for (int l = 0; l < layers; l++)
        {
            if (WeightTransposition.WriteInLayer(parameters, transposedWeights, t, widths[l], widths[l + 1], ref parameterOffset, ref transposedOffset))
                return;
        }
    }

    /// <summary>Workspace floats per slot: 2H + 2·max width.</summary>
    public int WorkspaceStride => 2 * hiddenTotal + 2 * maxWidth;

    /// <summary>
    /// The workspace's layout: <see cref="PointLayout.Blocked"/> over <see cref="WorkspaceStride"/> values per slot, so
    /// adjacent threads (chains) touch adjacent floats and a CPU work-group keeps its workspace in one contiguous block (a
    /// plain [stride, slots] layout strides by 4 KiB at 1,024 slots, which aliases in CPU caches).
    /// </summary>
    public PointLayout WorkspaceLayout => PointLayout.Blocked(WorkspaceStride);

    /// <summary>Floats of one row's trace: the inputs of every layer (d + H: x, then the hidden activations), then the deltas of every layer's outputs (H + 1).</summary>
    public int TraceStride => dimension + 2 * hiddenTotal + 1;

    /// <inheritdoc/>
    public int Dimension => dimension;

    /// <inheritdoc/>
    public int ParameterCount => (int)parameters.Length;

    /// <inheritdoc/>
    public float Energy(PointView point, int slot) => Forward(point, slot) + BaseEnergy(point);

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        float energy = Forward(point, slot);
        Backward(point, slot, gradient, default, default, BackwardTargets.Input);
        if (baseCurvature != 0)
        {
            for (int i = 0; i < dimension; i++)
                gradient[i] += baseCurvature * (point[i] - baseCentre[i]);
        }
        return energy + BaseEnergy(point);
    }

    /// <inheritdoc/>
    public float EnergyAndParameterGradient(PointView point, ArrayView<float> parameterGradient, int slot)
    {
        float energy = Forward(point, slot);
        Backward(point, slot, default, parameterGradient, default, BackwardTargets.Parameters);
        return energy + BaseEnergy(point);
    }

    /// <summary>Computes E(x) and writes the row's trace: the layer inputs and output deltas that ∇θE(x) is made of.</summary>
    /// <param name="point">The point.</param>
    /// <param name="trace">Receives <see cref="TraceStride"/> values.</param>
    /// <param name="slot">The workspace slot this thread owns.</param>
    /// <returns>The energy.</returns>
    public float EnergyAndTrace(PointView point, ArrayView<float> trace, int slot)
    {
        float energy = Forward(point, slot);
        long start = WorkspaceLayout.At(slot, 0);
        for (int i = 0; i < dimension; i++)
            trace[i] = point[i];
        for (int k = 0; k < hiddenTotal; k++)
            trace[dimension + k] = workspace[At(hiddenTotal + k, start)];
        Backward(point, slot, default, default, trace, BackwardTargets.Trace);
        return energy + BaseEnergy(point);
    }

    /// <summary>Σₙ weights[n] · ∂E(xₙ)/∂θ_p over the rows whose traces <paramref name="traces"/> holds, summed in row order.</summary>
    /// <param name="p">The parameter.</param>
    /// <param name="traces">[N, <see cref="TraceStride"/>] row-major, from <see cref="EnergyAndTrace"/>.</param>
    /// <param name="weights">[N].</param>
    /// <returns>The weighted sum.</returns>
    public float WeightedParameterGradient(long p, ArrayView<float> traces, ArrayView<float> weights)
    {
        long offset = 0;
        int inputStart = 0, deltaStart = dimension + hiddenTotal;
        for (int l = 0; l < layers; l++)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            long weightCount = (long)fanOut * fanIn;
            long local = p - offset;
            if (local < weightCount)
                return RowSum(traces, weights, deltaStart + (int)(local / fanIn), inputStart + (int)(local % fanIn));
            if (local < weightCount + fanOut)
                return RowSum(traces, weights, deltaStart + (int)(local - weightCount), -1);
            offset += weightCount + fanOut;
            inputStart += fanIn;
            deltaStart += fanOut;
        }
        return 0;
    }

    // Σₙ wₙ · trace_n[delta] · trace_n[input] (a weight), or Σₙ wₙ · trace_n[delta] for input −1 (a bias).
    private float RowSum(ArrayView<float> traces, ArrayView<float> weights, int delta, int input)
    {
        long stride = TraceStride;
        float sum = 0;
        for (long n = 0; n < weights.Length; n++)
        {
            long row = n * stride;
            float term = input < 0 ? traces[row + delta] : traces[row + delta] * traces[row + input];
            sum += weights[n] * term;
        }
        return sum;
    }

    // c/2 · |x − μ₀|², 0 without a base term.
    private float BaseEnergy(PointView point)
    {
        if (baseCurvature == 0)
            return 0;
        float squaredDistance = 0;
        for (int i = 0; i < dimension; i++)
        {
            float offset = point[i] - baseCentre[i];
            squaredDistance += offset * offset;
        }
        return 0.5f * baseCurvature * squaredDistance;
    }

    // Workspace value k of the slot whose value 0 is at start (WorkspaceLayout.At(slot, 0)).
    private static long At(long k, long start) => start + k * PointLayout.ChainBlock;

    // Reads input i of layer l: the point for l = 0, else the activations of hidden layer l − 1 (workspace values from k).
    private float Input(PointView point, long activations, long start, int layer, int i) =>
        layer == 0 ? point[i] : workspace[At(activations + i, start)];

    // Forward pass: each layer's outputs in blocks of adjacent columns from the rows of W_lᵀ, widest blocks first.
    private float Forward(PointView point, int slot)
    {
        long start = WorkspaceLayout.At(slot, 0);
        long parameterOffset = 0, transposedOffset = 0, previousActivations = 0, hiddenOffset = 0;
        float output = 0;
        for (int l = 0; l < layers; l++)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            long biasOffset = parameterOffset + (long)fanOut * fanIn;
            var layer = new ForwardLayer(l, fanIn, fanOut, biasOffset, transposedOffset, previousActivations, hiddenOffset);
            int o = ForwardBlocks<ColumnBlock64>(point, start, layer, 0, ref output);
            o = ForwardBlocks<ColumnBlock16>(point, start, layer, o, ref output);
            ForwardBlocks<ColumnBlock1>(point, start, layer, o, ref output);
            previousActivations = hiddenTotal + hiddenOffset;
            if (l < layers - 1)
                hiddenOffset += fanOut;
            parameterOffset = biasOffset + fanOut;
            transposedOffset += (long)fanOut * fanIn;
        }
        return outputScale * output;
    }

    // The layer's outputs from first on in blocks of W = TBlock's width (the last one placed by ColumnBlocks.Start), stored
    // as hidden units, or as the network's output at the last layer; returns the first output left over (fewer than W
    // outputs in all).
    private int ForwardBlocks<TBlock>(PointView point, long start, ForwardLayer layer, int first, ref float output)
        where TBlock : struct, IColumnBlock
    {
        int width = default(TBlock).Width, o = first;
        for (; o < layer.FanOut && width <= layer.FanOut; o += width)
        {
            int at = ColumnBlocks.Start(o, layer.FanOut, width);
            var sums = default(TBlock);
            sums.Start(parameters, layer.BiasOffset + at);
            for (int i = 0; i < layer.FanIn; i++)
                sums.Add(transposedWeights, layer.WeightOffset + (long)i * layer.FanOut + at, Input(point, layer.InputOffset, start, layer.Index, i));
            for (int j = o - at; j < width; j++)
            {
                if (layer.Index == layers - 1)
                    output = sums[j];
                else
                    StoreHidden(start, layer.OutputOffset + at + j, sums[j]);
            }
        }
        return Math.Min(o, layer.FanOut);
    }

    // φ′(z) and a = φ(z) of hidden unit k.
    private void StoreHidden(long start, long k, float z)
    {
        workspace[At(hiddenTotal + k, start)] = Activation.Apply(activation, z, out float derivative);
        workspace[At(k, start)] = derivative;
    }

    private void Backward(PointView point, int slot, PointView inputGradient, ArrayView<float> parameterGradient, ArrayView<float> trace,
        BackwardTargets targets)
    {
        bool wantInput = (targets & BackwardTargets.Input) != 0;
        long start = WorkspaceLayout.At(slot, 0);
        int traceDeltaEnd = dimension + 2 * hiddenTotal + 1;
        long deltaCurrent = 2 * hiddenTotal, deltaNext = deltaCurrent + maxWidth;
        workspace[At(deltaCurrent, start)] = outputScale; // δ_L = ∂E/∂(net output)
        long parameterOffset = parameters.Length, hiddenEnd = hiddenTotal;
        for (int l = layers - 1; l >= 0; l--)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            parameterOffset -= (long)fanOut * fanIn + fanOut;
            long biasOffset = parameterOffset + (long)fanOut * fanIn;
            long inputStart = hiddenEnd - fanIn; // offset of layer l's input among the hidden values (l > 0)
            if ((targets & BackwardTargets.Trace) != 0)
            {
                traceDeltaEnd -= fanOut;
                for (int o = 0; o < fanOut; o++)
                    trace[traceDeltaEnd + o] = workspace[At(deltaCurrent + o, start)];
            }
            if ((targets & BackwardTargets.Parameters) != 0)
            {
                for (int o = 0; o < fanOut; o++)
                {
                    float delta = workspace[At(deltaCurrent + o, start)];
                    parameterGradient[biasOffset + o] = delta;
                    long weightRow = parameterOffset + (long)o * fanIn;
                    for (int i = 0; i < fanIn; i++)
                        parameterGradient[weightRow + i] = delta * Input(point, hiddenTotal + inputStart, start, l, i);
                }
            }
            if (l == 0 && !wantInput)
                break;
            PropagateDelta(inputGradient, start, l, parameterOffset, inputStart, deltaCurrent, deltaNext);
            (deltaCurrent, deltaNext) = (deltaNext, deltaCurrent);
            hiddenEnd = inputStart;
        }
    }

    // g = W_lᵀ δ_l in blocks of adjacent inputs from the rows of W_l, widest blocks first; stored by StoreInputGradient.
    private void PropagateDelta(PointView inputGradient, long start, int layer, long parameterOffset, long inputStart, long deltaCurrent, long deltaNext)
    {
        int i = PropagateBlocks<ColumnBlock64>(inputGradient, start, layer, parameterOffset, inputStart, deltaCurrent, deltaNext, 0);
        i = PropagateBlocks<ColumnBlock16>(inputGradient, start, layer, parameterOffset, inputStart, deltaCurrent, deltaNext, i);
        PropagateBlocks<ColumnBlock1>(inputGradient, start, layer, parameterOffset, inputStart, deltaCurrent, deltaNext, i);
    }

    // The inputs of g from first on in blocks of W = TBlock's width (the last one placed by ColumnBlocks.Start); returns the
    // first input left over (fewer than W inputs in all).
    private int PropagateBlocks<TBlock>(PointView inputGradient, long start, int layer, long parameterOffset, long inputStart, long deltaCurrent,
        long deltaNext, int first)
        where TBlock : struct, IColumnBlock
    {
        int fanIn = widths[layer], fanOut = widths[layer + 1], width = default(TBlock).Width, i = first;
        for (; i < fanIn && width <= fanIn; i += width)
        {
            int at = ColumnBlocks.Start(i, fanIn, width);
            var sums = default(TBlock);
            for (int o = 0; o < fanOut; o++)
                sums.Add(parameters, parameterOffset + (long)o * fanIn + at, workspace[At(deltaCurrent + o, start)]);
            for (int j = i - at; j < width; j++)
                StoreInputGradient(inputGradient, start, layer, inputStart, deltaNext, at + j, sums[j]);
        }
        return Math.Min(i, fanIn);
    }

    // g = (W_lᵀ δ_l)ᵢ becomes ∇ₓE at the input layer, else δ_{l−1} = g ⊙ φ′(z_{l−1}).
    private void StoreInputGradient(PointView inputGradient, long start, int layer, long inputStart, long deltaNext, int i, float g)
    {
        if (layer == 0)
            inputGradient[i] = g;
        else
            workspace[At(deltaNext + i, start)] = g * workspace[At(inputStart + i, start)];
    }

    // Where one layer's forward pass reads and writes: its biases among the parameters, W_lᵀ among the transposed weights,
    // and the offsets of its input activations and of its output units among the workspace's hidden values.
    private readonly struct ForwardLayer(int index, int fanIn, int fanOut, long biasOffset, long weightOffset, long inputOffset, long outputOffset)
    {
        public readonly int Index = index;
        public readonly int FanIn = fanIn;
        public readonly int FanOut = fanOut;
        public readonly long BiasOffset = biasOffset;
        public readonly long WeightOffset = weightOffset;
        public readonly long InputOffset = inputOffset;
        public readonly long OutputOffset = outputOffset;
    }
}
