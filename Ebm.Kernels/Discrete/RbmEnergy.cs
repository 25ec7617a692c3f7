using Ebm.Kernels.Energies;
using ILGPU;

namespace Ebm.Kernels.Discrete;

/// <summary>
/// A binary restricted Boltzmann machine, as the free energy of its visible units:
/// F(v) = −b·v − Σⱼ softplus(cⱼ + Wⱼ·v), with E(v, h) = −b·v − c·h − hᵀWv and units in {0, 1}.
/// </summary>
/// <remarks>
/// <para>Parameters θ in one flat buffer, in the order of PyTorch's (and our safetensors) names: <c>weight</c> W
/// [H, V] row-major, then <c>visible_bias</c> b [V], then <c>hidden_bias</c> c [H]; P = H·V + V + H.</para>
/// <para>∇θF: ∂F/∂W_jk = −σ(cⱼ + Wⱼ·v) v_k, ∂F/∂b = −v, ∂F/∂cⱼ = −σ(cⱼ + Wⱼ·v). As an <see cref="IEnergy"/> over real
/// v, ∇ᵥF = −b − Wᵀσ(c + Wv); the Gibbs kernels do not use it.</para>
/// <para>Block Gibbs at inverse temperature β samples the joint exp(−βE(v, h)): p(hⱼ = 1 | v) = σ(β(cⱼ + Wⱼ·v)),
/// p(v_k = 1 | h) = σ(β(b_k + (Wᵀh)_k)). F here is the T = 1 free energy.</para>
/// </remarks>
public readonly struct RbmEnergy : ITrainableEnergy
{
    private readonly ArrayView<float> parameters;
    private readonly int visible;
    private readonly int hidden;

    /// <summary>Binds the machine to its flat parameter buffer (layout above).</summary>
    /// <param name="parameters">W, b, c: H·V + V + H values.</param>
    /// <param name="visible">V.</param>
    /// <param name="hidden">H.</param>
    public RbmEnergy(ArrayView<float> parameters, int visible, int hidden)
    {
        this.parameters = parameters;
        this.visible = visible;
        this.hidden = hidden;
    }

    /// <summary>V, the number of visible units.</summary>
    public int Visible => visible;

    /// <summary>H, the number of hidden units.</summary>
    public int Hidden => hidden;

    /// <inheritdoc/>
    public int Dimension => visible;

    /// <inheritdoc/>
    public int ParameterCount => hidden * visible + visible + hidden;

    private long VisibleBiasOffset => (long)hidden * visible;

    private long HiddenBiasOffset => VisibleBiasOffset + visible;

    /// <summary>cⱼ + Wⱼ·v, the input of hidden unit j.</summary>
    /// <param name="units">v, V values.</param>
    /// <param name="j">The hidden unit.</param>
    /// <returns>The pre-activation.</returns>
    public float HiddenInput(PointView units, int j)
    {
        float sum = parameters[HiddenBiasOffset + j];
        long row = (long)j * visible;
        for (int k = 0; k < visible; k++)
            sum += parameters[row + k] * units[k];
        return sum;
    }

    /// <summary>b_k, the bias of visible unit k.</summary>
    /// <param name="k">The visible unit.</param>
    /// <returns>b_k.</returns>
    public float VisibleBias(int k) => parameters[VisibleBiasOffset + k];

    /// <summary>b_k + (Wᵀh)_k, the input of visible unit k.</summary>
    /// <param name="units">h, H values.</param>
    /// <param name="k">The visible unit.</param>
    /// <returns>The pre-activation.</returns>
    public float VisibleInput(PointView units, int k)
    {
        float sum = parameters[VisibleBiasOffset + k];
        for (int j = 0; j < hidden; j++)
            sum += parameters[(long)j * visible + k] * units[j];
        return sum;
    }

    /// <inheritdoc/>
    public float Energy(PointView point, int slot)
    {
        float energy = 0;
        for (int k = 0; k < visible; k++)
            energy -= parameters[VisibleBiasOffset + k] * point[k];
        for (int j = 0; j < hidden; j++)
            energy -= Activation.Softplus(HiddenInput(point, j));
        return energy;
    }

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        float energy = 0;
        for (int k = 0; k < visible; k++)
        {
            float bias = parameters[VisibleBiasOffset + k];
            energy -= bias * point[k];
            gradient[k] = -bias;
        }
        for (int j = 0; j < hidden; j++)
        {
            float input = HiddenInput(point, j);
            energy -= Activation.Softplus(input);
            float probability = Activation.Sigmoid(input);
            long row = (long)j * visible;
            for (int k = 0; k < visible; k++)
                gradient[k] -= probability * parameters[row + k]; // −(Wᵀσ)_k
        }
        return energy;
    }

    /// <inheritdoc/>
    public float EnergyAndParameterGradient(PointView point, ArrayView<float> parameterGradient, int slot)
    {
        float energy = 0;
        for (int k = 0; k < visible; k++)
        {
            energy -= parameters[VisibleBiasOffset + k] * point[k];
            parameterGradient[VisibleBiasOffset + k] = -point[k];
        }
        for (int j = 0; j < hidden; j++)
        {
            float input = HiddenInput(point, j);
            energy -= Activation.Softplus(input);
            float probability = Activation.Sigmoid(input);
            parameterGradient[HiddenBiasOffset + j] = -probability;
            long row = (long)j * visible;
            for (int k = 0; k < visible; k++)
                parameterGradient[row + k] = -probability * point[k];
        }
        return energy;
    }
}
