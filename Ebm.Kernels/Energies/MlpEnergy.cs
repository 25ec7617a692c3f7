using System.Runtime.CompilerServices;
using ILGPU;
using static Ebm.Kernels.Energies.TiledProduct;

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
/// backward one, so that φ's exponential or tanh runs once per unit), their activations a = φ(z) (H), two
/// back-propagation buffers of the widest layer's size, the point being evaluated (d, staged there first) and the network's
/// output; H = Σ hidden widths. Value k of slot s lives at (⌊s/B⌋·stride + k)·B + s mod B with
/// B = <see cref="PointLayout.ChainBlock"/> (<see cref="WorkspaceLayout"/>), so the threads of a warp, one chain each, read
/// and write adjacent floats, and the values of adjacent slots sit side by side.</para>
/// <para>Both passes compute every layer in tiles (<see cref="IChainTile"/>) of adjacent chains × adjacent columns, each sum
/// over its terms in order: the forward pass from a transposed copy of the weights (W_lᵀ, one row per input, derived from the
/// parameters by <see cref="WeightTransposition"/> before each launch), the backward pass from the rows of W_l. A thread
/// evaluating its own chain (<see cref="SingleSlot"/>) takes tiles of one chain × 64, 16 or 1 columns; a work-group
/// (<see cref="GroupSlots"/>, <see cref="EvaluateStaged"/>) splits each layer's tiles of eight chains × 16 or 1 columns among
/// its work-items, so each weight loaded serves eight chains, and meets at a barrier after each layer (2L + 1 barriers per
/// gradient). Both give the same bits.</para>
/// <para>Backward pass: δ_L = s; for l = L−1…0, ∂E/∂W_l = δ_l a_lᵀ, ∂E/∂b_l = δ_l, g = W_lᵀ δ_l, and
/// δ_{l−1} = g ⊙ φ′(z_{l−1}) (or ∇ₓE = g at the input).</para>
/// <para>A batch's weighted parameter gradient Σₙ wₙ ∇θE(xₙ) is a sum of outer products, ∂/∂W_l = Σₙ wₙ δ_l(n) a_l(n)ᵀ, so it
/// never needs a per-row ∇θE: <see cref="EnergyAndTrace"/> keeps each row's layer inputs a_l and output deltas δ_l (its
/// trace, <see cref="TraceStride"/> floats), and <see cref="WeightedParameterGradientTile"/> sums runs of adjacent parameters
/// over the rows.</para>
/// </remarks>
public readonly struct MlpEnergy : ITrainableEnergy, IGroupEnergy, ITransposedWeights
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

    /// <summary>Workspace floats per slot (<see cref="WorkspaceStrideOf"/>).</summary>
    public int WorkspaceStride => WorkspaceStrideOf(dimension, hiddenTotal, maxWidth);

    /// <summary>Workspace floats per slot of a network: φ′ and a of the H hidden units, two delta buffers of the widest layer's size, the staged point and the output.</summary>
    /// <param name="dimension">d.</param>
    /// <param name="hiddenTotal">H = Σ hidden widths.</param>
    /// <param name="maxWidth">max over l of w_l.</param>
    /// <returns>2H + 2·max width + d + 1.</returns>
    public static int WorkspaceStrideOf(int dimension, int hiddenTotal, int maxWidth) => 2 * hiddenTotal + 2 * maxWidth + dimension + 1;

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

    // Workspace values: the first delta buffer (δ_L = s is staged at its value 0), the staged point, the network's output.
    private long DeltaIndex => 2L * hiddenTotal;

    private long InputIndex => DeltaIndex + 2L * maxWidth;

    private long OutputIndex => InputIndex + dimension;

    /// <inheritdoc/>
    public float Energy(PointView point, int slot)
    {
        Stage(point, slot);
        Forward<SingleSlot, SingleChainTile<ColumnBlock64>, SingleChainTile<ColumnBlock16>, SingleChainTile<ColumnBlock1>>(new SingleSlot(slot));
        return StagedResult(point, default, slot, false);
    }

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        Stage(point, slot);
        Evaluate<SingleSlot, SingleChainTile<ColumnBlock64>, SingleChainTile<ColumnBlock16>, SingleChainTile<ColumnBlock1>>(new SingleSlot(slot), true, BackwardTargets.Input,
            default, default);
        return StagedResult(point, gradient, slot, true);
    }

    /// <inheritdoc/>
    public float EnergyAndParameterGradient(PointView point, ArrayView<float> parameterGradient, int slot)
    {
        Stage(point, slot);
        var team = new SingleSlot(slot);
        Forward<SingleSlot, SingleChainTile<ColumnBlock64>, SingleChainTile<ColumnBlock16>, SingleChainTile<ColumnBlock1>>(team);
        Backward<SingleSlot, SingleChainTile<ColumnBlock64>, SingleChainTile<ColumnBlock16>, SingleChainTile<ColumnBlock1>>(team, parameterGradient, default,
            BackwardTargets.Parameters);
        return StagedResult(point, default, slot, false);
    }

    /// <summary>Computes E(x) and writes the row's trace: the layer inputs and output deltas that ∇θE(x) is made of.</summary>
    /// <param name="point">The point.</param>
    /// <param name="trace">Receives <see cref="TraceStride"/> values.</param>
    /// <param name="slot">The workspace slot this thread owns.</param>
    /// <returns>The energy.</returns>
    public float EnergyAndTrace(PointView point, ArrayView<float> trace, int slot)
    {
        Stage(point, slot);
        Evaluate<SingleSlot, SingleChainTile<ColumnBlock64>, SingleChainTile<ColumnBlock16>, SingleChainTile<ColumnBlock1>>(new SingleSlot(slot), true, BackwardTargets.Trace, point,
            trace);
        return StagedResult(point, default, slot, false);
    }

    /// <summary>
    /// <see cref="EnergyAndTrace"/> with the whole work-group (explicitly grouped kernels, as <see cref="EvaluateStaged"/>): every
    /// work-item stages its point, the group runs both passes over all of them, and each work-item copies its own trace.
    /// </summary>
    /// <param name="point">This work-item's point (a work-item with no row of its own passes some finite point).</param>
    /// <param name="trace">Receives <see cref="TraceStride"/> values when <paramref name="record"/>.</param>
    /// <param name="slot">This work-item's slot (its global index).</param>
    /// <param name="record">Whether this work-item has a row of its own, whose trace it writes.</param>
    /// <returns>The energy, equal to <see cref="EnergyAndTrace"/>'s bit for bit, as is the trace.</returns>
    public float EnergyAndTraceInGroup(PointView point, ArrayView<float> trace, int slot, bool record)
    {
        Stage(point, slot);
        Evaluate<GroupSlots, ChainPairTile<FourChainTile<ColumnBlock16>>, ChainPairTile<FourChainTile<ColumnBlock16>>, ChainPairTile<FourChainTile<ColumnBlock1>>>(
            new GroupSlots(), true, record ? BackwardTargets.Trace : BackwardTargets.None, point, trace);
        return StagedResult(point, default, slot, false);
    }

    /// <inheritdoc/>
    public void Stage(PointView point, int slot)
    {
        long start = WorkspaceLayout.At(slot, 0);
        for (int i = 0; i < dimension; i++)
            workspace[At(InputIndex + i, start)] = point[i];
        workspace[At(DeltaIndex, start)] = outputScale; // δ_L = ∂E/∂(net output)
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Tiles of eight chains × 16 columns: each weight vector loaded serves eight chains, and the 128 sums fill 16 vector
    /// registers. There is no wider tier (eight chains' 64 columns do not fit in registers), so the middle tier repeats it.
    /// The group size must be a multiple of 8.
    /// </remarks>
    public void EvaluateStaged(bool withGradient) =>
        Evaluate<GroupSlots, ChainPairTile<FourChainTile<ColumnBlock16>>, ChainPairTile<FourChainTile<ColumnBlock16>>, ChainPairTile<FourChainTile<ColumnBlock1>>>(
            new GroupSlots(), withGradient, BackwardTargets.Input, default, default);

    /// <inheritdoc/>
    public float StagedResult(PointView point, PointView gradient, int slot, bool withGradient)
    {
        long start = WorkspaceLayout.At(slot, 0);
        if (withGradient)
        {
            long inputGradient = DeltaIndex + (layers % 2 == 1 ? maxWidth : 0); // where the L-th propagation, layer 0's, wrote
            for (int i = 0; i < dimension; i++)
            {
                float g = workspace[At(inputGradient + i, start)];
                gradient[i] = baseCurvature != 0 ? g + baseCurvature * (point[i] - baseCentre[i]) : g;
            }
        }
        return outputScale * workspace[At(OutputIndex, start)] + BaseEnergy(point);
    }

    /// <summary>The tiles of <see cref="WeightedParameterGradientTile"/> for a network of these widths (one work-item each).</summary>
    /// <param name="fanIn">A layer's input width w_l.</param>
    /// <param name="fanOut">Its output width w_{l+1}.</param>
    /// <returns>The layer's tiles: <see cref="GradientBlocks"/>(w_l) per output unit for its weights, then <see cref="GradientBlocks"/>(w_{l+1}) for its biases.</returns>
    public static int GradientTilesOfLayer(int fanIn, int fanOut) => fanOut * GradientBlocks(fanIn) + GradientBlocks(fanOut);

    /// <summary>
    /// Writes one tile of the batch's weighted parameter gradient Σₙ weights[n] · ∇θE(xₙ) from the rows' traces: adjacent
    /// parameters of one layer that share their delta, i.e. up to 64 weights of one output unit (∂/∂W_l[o, i] = Σₙ wₙ δ_l(n)[o] ·
    /// a_l(n)[i]) or up to 64 biases (Σₙ wₙ δ_l(n)[o]). Each sum runs over the rows in order, so the bits do not depend on the
    /// launch; each row adds a run of adjacent trace values (its layer inputs or deltas) times one scalar, which a CPU OpenCL
    /// compiler turns into vector loads and multiply-adds.
    /// </summary>
    /// <param name="tile">The tile, layer after layer as <see cref="GradientTilesOfLayer"/> counts them.</param>
    /// <param name="traces">[N, <see cref="TraceStride"/>] row-major, from <see cref="EnergyAndTrace"/>.</param>
    /// <param name="weights">[N].</param>
    /// <param name="gradient">[P]: receives the tile's parameters.</param>
    public void WeightedParameterGradientTile(int tile, ArrayView<float> traces, ArrayView<float> weights, ArrayView<float> gradient)
    {
        long offset = 0;
        int inputStart = 0, deltaStart = dimension + hiddenTotal;
        for (int l = 0; l < layers; l++)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            int weightTiles = fanOut * GradientBlocks(fanIn), layerTiles = weightTiles + GradientBlocks(fanOut);
            if (tile < layerTiles)
            {
                // A weight tile sums layer inputs times one output unit's delta; a bias tile sums deltas.
                bool weight = tile < weightTiles;
                int unit = tile / GradientBlocks(fanIn);
                ReduceBlock(traces, weights, gradient,
                    first: weight ? inputStart : deltaStart,
                    count: weight ? fanIn : fanOut,
                    block: weight ? tile % GradientBlocks(fanIn) : tile - weightTiles,
                    scale: weight ? deltaStart + unit : -1,
                    target: offset + (long)(weight ? unit : fanOut) * fanIn);
                return;
            }
            tile -= layerTiles;
            offset += (long)fanOut * fanIn + fanOut;
            inputStart += fanIn;
            deltaStart += fanOut;
        }
    }

    // The blocks a run of this many adjacent parameters is summed in: of 64 (from 64 on), 16 (from 16 on) or 1.
    private static int GradientBlocks(int count)
    {
        int width = GradientBlockWidth(count);
        return (count + width - 1) / width;
    }

    private static int GradientBlockWidth(int count) => count >= 64 ? 64 : count >= 16 ? 16 : 1;

    // Block `block` of a run of `count` parameters, whose trace values start at trace index `first` of each row, scaled per
    // row by wₙ times trace value `scale` (wₙ alone for −1), into gradient[target + column].
    private void ReduceBlock(ArrayView<float> traces, ArrayView<float> weights, ArrayView<float> gradient, int first, int count, int block, int scale, long target)
    {
        int width = GradientBlockWidth(count), next = block * width, at = ColumnBlocks.Start(next, count, width);
        if (width == 64)
            ReduceBlock<ColumnBlock64>(traces, weights, gradient, first + at, scale, target + at, next - at);
        else if (width == 16)
            ReduceBlock<ColumnBlock16>(traces, weights, gradient, first + at, scale, target + at, next - at);
        else
            ReduceBlock<ColumnBlock1>(traces, weights, gradient, first + at, scale, target + at, 0);
    }

    // Σₙ (wₙ · trace_n[scale]) · trace_n[first + j] into gradient[target + j] for the block's columns j from skip on (those
    // before it belong to the block before, which overlaps this one).
    private void ReduceBlock<TBlock>(ArrayView<float> traces, ArrayView<float> weights, ArrayView<float> gradient, long first, int scale, long target, int skip)
        where TBlock : struct, IColumnBlock
    {
        long stride = TraceStride;
        var sums = default(TBlock);
        for (long n = 0; n < weights.Length; n++)
        {
            long row = n * stride;
            sums.Add(traces, row + first, scale < 0 ? weights[n] : weights[n] * traces[row + scale]);
        }
        for (int j = skip; j < sums.Width; j++)
            gradient[target + j] = sums[j];
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

    // The workspace values that hold layer l's inputs: the staged point for l = 0, else the activations of hidden layer
    // l − 1, which start at hiddenStart among the hidden units.
    private long LayerInputs(int layer, long hiddenStart) => layer == 0 ? InputIndex : hiddenTotal + hiddenStart;

    // The team's staged points forward and, when `backward`, back from δ_L into what `targets` names for this work-item (a
    // work-item without a row of its own names nothing but joins the team's meetings). A work-item whose targets include
    // its trace first copies its own slot's layer inputs there (its point, then the hidden activations); Backward adds the
    // output deltas layer by layer.
    private void Evaluate<TTeam, TWide, TMiddle, TNarrow>(TTeam team, bool backward, BackwardTargets targets, PointView point, ArrayView<float> trace)
        where TTeam : struct, IChainTeam
        where TWide : struct, IChainTile
        where TMiddle : struct, IChainTile
        where TNarrow : struct, IChainTile
    {
        Forward<TTeam, TWide, TMiddle, TNarrow>(team);
        if ((targets & BackwardTargets.Trace) != 0)
        {
            long start = WorkspaceLayout.At(team.OwnSlot, 0);
            for (int i = 0; i < dimension; i++)
                trace[i] = point[i];
            for (int k = 0; k < hiddenTotal; k++)
                trace[dimension + k] = workspace[At(hiddenTotal + k, start)];
        }
        if (backward)
            Backward<TTeam, TWide, TMiddle, TNarrow>(team, default, trace, targets);
    }

    // Forward pass, starting once every slot is staged: each layer's outputs in tiles of adjacent columns from the rows of
    // W_lᵀ, widest tiles first, the team meeting after each layer.
    private void Forward<TTeam, TWide, TMiddle, TNarrow>(TTeam team)
        where TTeam : struct, IChainTeam
        where TWide : struct, IChainTile
        where TMiddle : struct, IChainTile
        where TNarrow : struct, IChainTile
    {
        team.Synchronize();
        // A group applies φ in a sweep of its own after each hidden layer's tiles, which PoCL vectorises over the runs of
        // adjacent chains (W2 1.5× there); a thread alone applies it as it stores each sum (the sweep costs ILGPU's CPU
        // accelerator a fifth of W2).
        bool sweep = team.Slots > 1;
        long parameterOffset = 0, transposedOffset = 0, hiddenOffset = 0, inputs = InputIndex;
        for (int l = 0; l < layers; l++)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            long biasOffset = parameterOffset + (long)fanOut * fanIn;
            bool last = l == layers - 1;
            var layer = new ForwardPass(this, last, sweep, fanIn, fanOut, biasOffset, transposedOffset, inputs, last ? OutputIndex : hiddenOffset);
            TiledProduct.Run<TTeam, TWide, TMiddle, TNarrow, ForwardPass>(team, layer, workspace, WorkspaceLayout);
            team.Synchronize();
            if (!last && sweep)
            {
                Activate<TTeam, TWide>(team, hiddenOffset, fanOut);
                team.Synchronize();
            }
            inputs = LayerInputs(l + 1, hiddenOffset);
            hiddenOffset += fanOut;
            parameterOffset = biasOffset + fanOut;
            transposedOffset += (long)fanOut * fanIn;
        }
    }

    // φ′(z) and a = φ(z) of hidden unit k.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StoreHidden(long start, long k, float z)
    {
        workspace[At(hiddenTotal + k, start)] = Activation.Apply(activation, z, out float derivative);
        workspace[At(k, start)] = derivative;
    }

    // φ′(z) and a = φ(z) of the layer's hidden units from first on, whose z the forward pass stored in place of a: the
    // team's work-items take the units in turn, each for every run of TTile's chains (a run's values are adjacent floats).
    private void Activate<TTeam, TTile>(TTeam team, long first, int units)
        where TTeam : struct, IChainTeam
        where TTile : struct, IChainTile
    {
        int chains = default(TTile).Chains;
        for (long k = first + team.Worker; k < first + units; k += team.Workers)
        {
            for (int run = 0; run < team.Slots; run += chains)
            {
                long start = WorkspaceLayout.At(team.FirstSlot + run, 0);
                for (int c = 0; c < chains; c++)
                {
                    StoreHidden(start + c, k, workspace[At(hiddenTotal + k, start + c)]);
                }
            }
        }
    }

    // Backward pass from δ_L (staged): each layer's parameter gradient or trace deltas (of this work-item's own slot), then
    // its input gradient in tiles, the team meeting after each layer.
    private void Backward<TTeam, TWide, TMiddle, TNarrow>(TTeam team, ArrayView<float> parameterGradient, ArrayView<float> trace, BackwardTargets targets)
        where TTeam : struct, IChainTeam
        where TWide : struct, IChainTile
        where TMiddle : struct, IChainTile
        where TNarrow : struct, IChainTile
    {
        bool wantInput = (targets & BackwardTargets.Input) != 0;
        long start = WorkspaceLayout.At(team.OwnSlot, 0);
        int traceDeltaEnd = dimension + 2 * hiddenTotal + 1;
        long deltaCurrent = DeltaIndex, deltaNext = deltaCurrent + maxWidth;
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
                long inputs = LayerInputs(l, inputStart);
                for (int o = 0; o < fanOut; o++)
                {
                    float delta = workspace[At(deltaCurrent + o, start)];
                    parameterGradient[biasOffset + o] = delta;
                    long weightRow = parameterOffset + (long)o * fanIn;
                    for (int i = 0; i < fanIn; i++)
                        parameterGradient[weightRow + i] = delta * workspace[At(inputs + i, start)];
                }
            }
            if (l == 0 && !wantInput)
                break;
            var layer = new PropagationPass(this, l, fanIn, fanOut, parameterOffset, inputStart, deltaCurrent, deltaNext);
            TiledProduct.Run<TTeam, TWide, TMiddle, TNarrow, PropagationPass>(team, layer, workspace, WorkspaceLayout);
            team.Synchronize();
            (deltaCurrent, deltaNext) = (deltaNext, deltaCurrent);
            hiddenEnd = inputStart;
        }
    }

    // A layer's outputs z = b + W_l a (from the rows of W_lᵀ), stored as hidden units' φ′ and a = φ(z) (or as z where a goes,
    // for Activate's sweep), or as the network's output at the last layer.
    private readonly struct ForwardPass(MlpEnergy network, bool last, bool sweep, int fanIn, int fanOut, long biasOffset, long weightOffset, long inputOffset,
        long outputOffset) : ITilePass
    {
        public int Columns => fanOut;

        public int Terms => fanIn;

        public ArrayView<float> Matrix => network.transposedWeights;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long Row(int term) => weightOffset + (long)term * fanOut;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long Input(int term) => inputOffset + term;

        public void Start<TTile>(ref TTile sums, int at)
            where TTile : struct, IChainTile => sums.Start(network.parameters, biasOffset + at);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(long start, int column, float sum)
        {
            if (last)
                network.workspace[At(outputOffset, start)] = sum;
            else if (sweep)
                network.workspace[At(network.hiddenTotal + outputOffset + column, start)] = sum;
            else
                network.StoreHidden(start, outputOffset + column, sum);
        }
    }

    // A layer's input gradient g = W_lᵀ δ_l (from the rows of W_l), stored in the next delta buffer: ∇ₓE (before any base
    // term) at the input layer, else δ_{l−1} = g ⊙ φ′(z_{l−1}), whose φ′ start at inputStart among the hidden values.
    private readonly struct PropagationPass(MlpEnergy network, int layer, int fanIn, int fanOut, long weightOffset, long inputStart, long deltaCurrent,
        long deltaNext) : ITilePass
    {
        public int Columns => fanIn;

        public int Terms => fanOut;

        public ArrayView<float> Matrix => network.parameters;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long Row(int term) => weightOffset + (long)term * fanIn;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long Input(int term) => deltaCurrent + term;

        public void Start<TTile>(ref TTile sums, int at)
            where TTile : struct, IChainTile
        {
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(long start, int column, float sum) =>
            network.workspace[At(deltaNext + column, start)] = layer == 0 ? sum : sum * network.workspace[At(inputStart + column, start)];
    }
}
