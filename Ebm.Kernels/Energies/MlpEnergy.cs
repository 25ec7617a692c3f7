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
/// <para>Workspace row per slot: pre-activations z of all hidden layers (H values), their activations a (H),
/// then two back-propagation buffers of the widest layer's size; H = Σ hidden widths.</para>
/// <para>Backward pass: δ_L = s; for l = L−1…0, ∂E/∂W_l = δ_l a_lᵀ, ∂E/∂b_l = δ_l, g = W_lᵀ δ_l, and
/// δ_{l−1} = g ⊙ φ′(z_{l−1}) (or ∇ₓE = g at the input).</para>
/// </remarks>
public readonly struct MlpEnergy : ITrainableEnergy
{
    private readonly ArrayView<float> parameters;
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
    /// <param name="widths">w₀ … w_L, with w_L = 1.</param>
    /// <param name="workspace">At least (slots × <see cref="WorkspaceStride"/>) floats.</param>
    /// <param name="dimension">w₀, the input dimension (also <c>widths[0]</c>).</param>
    /// <param name="hiddenTotal">H = Σ hidden widths.</param>
    /// <param name="maxWidth">max over l of w_l.</param>
    /// <param name="activation">The hidden activation.</param>
    /// <param name="outputScale">s.</param>
    /// <param name="baseCentre">μ₀, d values (unread when <paramref name="baseCurvature"/> is 0).</param>
    /// <param name="baseCurvature">c = 1/σ₀² of the base term, or 0 for none.</param>
    public MlpEnergy(ArrayView<float> parameters, ArrayView<int> widths, ArrayView<float> workspace,
        int dimension, int hiddenTotal, int maxWidth, ActivationKind activation, float outputScale,
        ArrayView<float> baseCentre, float baseCurvature)
    {
        this.baseCentre = baseCentre;
        this.baseCurvature = baseCurvature;
        this.parameters = parameters;
        this.widths = widths;
        this.workspace = workspace;
        this.dimension = dimension;
        layers = (int)widths.Length - 1;
        this.hiddenTotal = hiddenTotal;
        this.maxWidth = maxWidth;
        this.activation = activation;
        this.outputScale = outputScale;
    }

    /// <summary>Workspace floats per slot: 2H + 2·max width.</summary>
    public int WorkspaceStride => 2 * hiddenTotal + 2 * maxWidth;

    /// <inheritdoc/>
    public int Dimension => dimension;

    /// <inheritdoc/>
    public int ParameterCount => (int)parameters.Length;

    /// <inheritdoc/>
    public float Energy(ArrayView<float> point, int slot) => Forward(point, slot) + BaseEnergy(point);

    /// <inheritdoc/>
    public float EnergyAndGradient(ArrayView<float> point, ArrayView<float> gradient, int slot)
    {
        float energy = Forward(point, slot);
        Backward(point, slot, gradient, true, default, false);
        if (baseCurvature != 0)
        {
            for (int i = 0; i < dimension; i++)
                gradient[i] += baseCurvature * (point[i] - baseCentre[i]);
        }
        return energy + BaseEnergy(point);
    }

    /// <inheritdoc/>
    public float EnergyAndParameterGradient(ArrayView<float> point, ArrayView<float> parameterGradient, int slot)
    {
        float energy = Forward(point, slot);
        Backward(point, slot, default, false, parameterGradient, true);
        return energy + BaseEnergy(point);
    }

    // c/2 · |x − μ₀|², 0 without a base term.
    private float BaseEnergy(ArrayView<float> point)
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

    private long Row(int slot) => (long)slot * WorkspaceStride;

    // Reads input i of layer l: the point for l = 0, else the activations of hidden layer l − 1.
    private float Input(ArrayView<float> point, long activations, int layer, int i) =>
        layer == 0 ? point[i] : workspace[activations + i];

    private float Forward(ArrayView<float> point, int slot)
    {
        long row = Row(slot);
        long parameterOffset = 0, previousActivations = 0, hiddenOffset = 0;
        float output = 0;
        for (int l = 0; l < layers; l++)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            long biasOffset = parameterOffset + (long)fanOut * fanIn;
            for (int o = 0; o < fanOut; o++)
            {
                float sum = parameters[biasOffset + o];
                long weightRow = parameterOffset + (long)o * fanIn;
                for (int i = 0; i < fanIn; i++)
                    sum += parameters[weightRow + i] * Input(point, previousActivations, l, i);
                if (l == layers - 1)
                {
                    output = sum;
                }
                else
                {
                    workspace[row + hiddenOffset + o] = sum;                                       // z
                    workspace[row + hiddenTotal + hiddenOffset + o] = Activation.Apply(activation, sum); // a
                }
            }
            previousActivations = row + hiddenTotal + hiddenOffset;
            if (l < layers - 1)
                hiddenOffset += fanOut;
            parameterOffset = biasOffset + fanOut;
        }
        return outputScale * output;
    }

    private void Backward(ArrayView<float> point, int slot, ArrayView<float> inputGradient, bool wantInput,
        ArrayView<float> parameterGradient, bool wantParameters)
    {
        long row = Row(slot);
        long deltaCurrent = row + 2 * hiddenTotal, deltaNext = deltaCurrent + maxWidth;
        workspace[deltaCurrent] = outputScale; // δ_L = ∂E/∂(net output)
        long parameterOffset = parameters.Length, hiddenEnd = hiddenTotal;
        for (int l = layers - 1; l >= 0; l--)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            parameterOffset -= (long)fanOut * fanIn + fanOut;
            long biasOffset = parameterOffset + (long)fanOut * fanIn;
            long inputStart = hiddenEnd - fanIn; // offset of layer l's input among the hidden values (l > 0)
            if (wantParameters)
            {
                for (int o = 0; o < fanOut; o++)
                {
                    float delta = workspace[deltaCurrent + o];
                    parameterGradient[biasOffset + o] = delta;
                    long weightRow = parameterOffset + (long)o * fanIn;
                    for (int i = 0; i < fanIn; i++)
                        parameterGradient[weightRow + i] = delta * Input(point, row + hiddenTotal + inputStart, l, i);
                }
            }
            if (l == 0 && !wantInput)
                break;
            for (int i = 0; i < fanIn; i++)
            {
                float g = 0; // (W_lᵀ δ_l)ᵢ
                for (int o = 0; o < fanOut; o++)
                    g += parameters[parameterOffset + (long)o * fanIn + i] * workspace[deltaCurrent + o];
                if (l == 0)
                    inputGradient[i] = g;
                else
                    workspace[deltaNext + i] = g * Activation.Derivative(activation, workspace[row + inputStart + i]);
            }
            (deltaCurrent, deltaNext) = (deltaNext, deltaCurrent);
            hiddenEnd = inputStart;
        }
    }
}
