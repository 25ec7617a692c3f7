using CommunityToolkit.HighPerformance;
using Ebm.Facade.IO;
using Ebm.Facade.Sampling;
using Ebm.Kernels.Discrete;
using Ebm.Kernels.Random;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Discrete;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>
/// A binary restricted Boltzmann machine with V visible and H hidden units in {0, 1}: E(v, h) = −b·v − c·h − hᵀWv, sampled
/// over its visibles, whose energy is the free energy F(v) = −b·v − Σⱼ softplus(cⱼ + Wⱼ·v).
/// </summary>
/// <remarks>
/// <para>Temperature: the Gibbs sampler targets the joint exp(−E(v, h)/T), whose visible marginal is exp(−F_T(v)/T) with
/// F_T(v) = −b·v − T Σⱼ softplus((cⱼ + Wⱼ·v)/T) (<see cref="FreeEnergy"/>); F_T = F at T = 1. The device energy and
/// <see cref="ReferenceEnergy"/> are F; enumeration and <see cref="UnnormalizedLogProbability"/> use F_T.</para>
/// <para>Parameters as in PyTorch and our safetensors files: <c>weight</c> [H, V], <c>visible_bias</c> [V],
/// <c>hidden_bias</c> [H]; flattened in that order (<see cref="FlatParameters"/>).</para>
/// </remarks>
public sealed record RbmSpec : DiscreteSpec
{
    /// <summary>The safetensors name of W [H, V].</summary>
    public const string WeightName = "weight";

    /// <summary>The safetensors name of b [V].</summary>
    public const string VisibleBiasName = "visible_bias";

    /// <summary>The safetensors name of c [H].</summary>
    public const string HiddenBiasName = "hidden_bias";

    private static readonly DrawStatistic[] RbmStatistics =
    [
        new("free_energy", record => record[0]),
        new("visible_mean", record => Mean(record[1..])),
    ];

    private readonly float[,] weight;

    /// <summary>Creates and validates the spec.</summary>
    /// <param name="weight">W, [H, V], finite.</param>
    /// <param name="visibleBias">b, V finite values.</param>
    /// <param name="hiddenBias">c, H finite values.</param>
    /// <exception cref="ArgumentException">A layer is empty, the shapes disagree, or a value is not finite.</exception>
    public RbmSpec(float[,] weight, IReadOnlyList<float> visibleBias, IReadOnlyList<float> hiddenBias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(visibleBias);
        ArgumentNullException.ThrowIfNull(hiddenBias);
        int hidden = weight.GetLength(0), visible = weight.GetLength(1);
        if (hidden == 0 || visible == 0)
            throw new ArgumentException($"weight is [{hidden}, {visible}]; an RBM needs at least one hidden and one visible unit", nameof(weight));
        if (visibleBias.Count != visible)
            throw new ArgumentException($"visible_bias has {visibleBias.Count} values; weight [{hidden}, {visible}] needs {visible}", nameof(visibleBias));
        if (hiddenBias.Count != hidden)
            throw new ArgumentException($"hidden_bias has {hiddenBias.Count} values; weight [{hidden}, {visible}] needs {hidden}", nameof(hiddenBias));
        SpecChecks.Finite(weight.Cast<float>().Select(value => (double)value), WeightName);
        SpecChecks.Finite(visibleBias.Select(value => (double)value), VisibleBiasName);
        SpecChecks.Finite(hiddenBias.Select(value => (double)value), HiddenBiasName);
        this.weight = (float[,])weight.Clone();
        VisibleBias = [.. visibleBias];
        HiddenBias = [.. hiddenBias];
    }

    /// <summary>V.</summary>
    public int Visible => weight.GetLength(1);

    /// <summary>H.</summary>
    public int Hidden => weight.GetLength(0);

    /// <summary>W, [H, V] (a copy).</summary>
    public float[,] Weight => (float[,])weight.Clone();

    /// <summary>b.</summary>
    public IReadOnlyList<float> VisibleBias { get; }

    /// <summary>c.</summary>
    public IReadOnlyList<float> HiddenBias { get; }

    /// <summary>P = H·V + V + H.</summary>
    public int ParameterCount => RbmDeviceEnergy.ParameterCountOf(Visible, Hidden);

    /// <inheritdoc/>
    public override string Kind => "rbm";

    /// <inheritdoc/>
    public override int Units => Visible;

    /// <inheritdoc/>
    public override float LowerValue => 0;

    /// <inheritdoc/>
    /// <remarks>Recorded rows are (F(v), v₀, …, v_{V−1}); the statistics are <c>free_energy</c> and <c>visible_mean</c> (the mean of v's units).</remarks>
    public override IReadOnlyList<DrawStatistic> Statistics => RbmStatistics;

    /// <summary>Reads <c>weight</c> [H, V], <c>visible_bias</c> [V] and <c>hidden_bias</c> [H] (F32 or F64).</summary>
    /// <param name="tensors">The file content.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="EbmFormatException">A tensor is missing, has another shape or another dtype.</exception>
    /// <exception cref="ArgumentException">A value is not finite.</exception>
    public static RbmSpec FromSafeTensors(SafeTensors tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (!tensors.TryGet(WeightName, out var weightTensor))
            throw new EbmFormatException($"there is no tensor named '{WeightName}'; an RBM needs '{WeightName}' [hidden, visible], '{VisibleBiasName}' and '{HiddenBiasName}'; the tensors are: {string.Join(", ", tensors.Names)}");
        if (weightTensor.Shape.Count != 2 || weightTensor.Shape[0] < 1 || weightTensor.Shape[1] < 1)
            throw new EbmFormatException($"tensor '{WeightName}' has shape {Shapes.Describe([.. weightTensor.Shape])} but an RBM needs [hidden, visible], both at least 1");
        int hidden = weightTensor.Shape[0], visible = weightTensor.Shape[1];
        var weight = new float[hidden, visible];
        weightTensor.ToSingle().CopyTo(weight.AsSpan());
        return new RbmSpec(weight, tensors.Get(VisibleBiasName, visible).ToSingle(), tensors.Get(HiddenBiasName, hidden).ToSingle());
    }

    /// <summary>The parameters as F32 tensors <c>weight</c>, <c>visible_bias</c> and <c>hidden_bias</c>.</summary>
    /// <returns>The content to write with <see cref="SafeTensorsFile"/>.</returns>
    public SafeTensors ToSafeTensors()
    {
        var tensors = new SafeTensors();
        tensors.Add(WeightName, SafeTensor.FromSingle(weight.Cast<float>().ToArray(), Hidden, Visible));
        tensors.Add(VisibleBiasName, SafeTensor.FromSingle([.. VisibleBias], Visible));
        tensors.Add(HiddenBiasName, SafeTensor.FromSingle([.. HiddenBias], Hidden));
        return tensors;
    }

    /// <summary>A machine with every parameter drawn from N(0, <paramref name="scale"/>²) (Philox stream 0 of <paramref name="seed"/>, in the flat order).</summary>
    /// <param name="visible">V ≥ 1.</param>
    /// <param name="hidden">H ≥ 1.</param>
    /// <param name="scale">The standard deviation, ≥ 0.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The spec.</returns>
    public static RbmSpec Random(int visible, int hidden, double scale, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(visible, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        if (!(scale >= 0) || !double.IsFinite(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be 0 or more and finite");
        var random = new PhiloxStream(seed, 0, 0);
        var values = new float[RbmDeviceEnergy.ParameterCountOf(visible, hidden)];
        for (int i = 0; i < values.Length; i += 2)
        {
            values[i] = (float)scale * random.NextNormalPair(out float second);
            if (i + 1 < values.Length)
                values[i + 1] = (float)scale * second;
        }
        return FromParameters(values, visible, hidden);
    }

    /// <summary>The RBM whose flat parameters (the device layout: W row-major [H, V], then a, then b) are <paramref name="flat"/>.</summary>
    internal static RbmSpec FromParameters(ReadOnlySpan<float> flat, int visible, int hidden)
    {
        int weights = hidden * visible; // at most RbmDeviceEnergy.ParameterCountOf, which fits an int
        var weight = new float[hidden, visible];
        flat[..weights].CopyTo(weight.AsSpan());
        return new RbmSpec(weight, flat.Slice(weights, visible).ToArray(), flat.Slice(weights + visible, hidden).ToArray());
    }

    /// <summary>θ = (W row-major, b, c): the layout of the device parameters and of ∇θF.</summary>
    /// <returns>P values.</returns>
    public float[] FlatParameters() => [.. weight.Cast<float>(), .. VisibleBias, .. HiddenBias];

    /// <inheritdoc/>
    /// <remarks>F(v), the T = 1 free energy (what the device computes).</remarks>
    public override double ReferenceEnergy(ReadOnlySpan<double> state) => FreeEnergy(state, 1);

    /// <summary>F_T(v) = −T log Σ_h exp(−E(v, h)/T) = −b·v − T Σⱼ softplus((cⱼ + Wⱼ·v)/T), in float64.</summary>
    /// <param name="visible">v, V values.</param>
    /// <param name="temperature">T &gt; 0.</param>
    /// <returns>The free energy.</returns>
    public double FreeEnergy(ReadOnlySpan<double> visible, double temperature)
    {
        SpecChecks.Length(visible.Length, Visible, "visible");
        double energy = 0;
        for (int k = 0; k < Visible; k++)
            energy -= VisibleBias[k] * visible[k];
        for (int j = 0; j < Hidden; j++)
            energy -= temperature * Softplus(HiddenInput(visible, j) / temperature);
        return energy;
    }

    /// <inheritdoc/>
    /// <remarks>−F_T(v)/T: the log of Σ_h exp(−E(v, h)/T).</remarks>
    public override double UnnormalizedLogProbability(ReadOnlySpan<double> state) => -FreeEnergy(state, Temperature) / Temperature;

    /// <summary>F(v) and ∇θF(v) in float64 (T = 1): ∂F/∂W_jk = −σ(cⱼ + Wⱼ·v) v_k, ∂F/∂b = −v, ∂F/∂cⱼ = −σ(cⱼ + Wⱼ·v).</summary>
    /// <param name="visible">v.</param>
    /// <param name="gradient">Receives ∇θF in the flat layout, P values.</param>
    /// <returns>F(v).</returns>
    public double ReferenceParameterGradient(ReadOnlySpan<double> visible, Span<double> gradient)
    {
        SpecChecks.Length(gradient.Length, ParameterCount, "gradient");
        int biasOffset = Hidden * Visible;
        for (int k = 0; k < Visible; k++)
            gradient[biasOffset + k] = -visible[k];
        for (int j = 0; j < Hidden; j++)
        {
            double probability = Sigmoid(HiddenInput(visible, j));
            gradient[biasOffset + Visible + j] = -probability;
            for (int k = 0; k < Visible; k++)
                gradient[j * Visible + k] = -probability * visible[k];
        }
        return FreeEnergy(visible, 1);
    }

    /// <summary>log Z and the visible marginals by summing over every configuration of <paramref name="layer"/> (the other analytically).</summary>
    /// <param name="layer">The layer enumerated; at most 24 units.</param>
    /// <returns>The exact moments at the spec's temperature.</returns>
    /// <exception cref="InvalidOperationException">The layer has more than 24 units.</exception>
    public RbmExactMoments Enumerate(RbmLayer layer)
    {
        ValidateTemperature();
        CheckEnumerable(layer == RbmLayer.Visible ? Visible : Hidden, layer == RbmLayer.Visible ? "visible configurations" : "hidden configurations");
        return RbmEnumeration.Run(this, layer);
    }

    /// <summary>log Z and the visible marginals, enumerating the smaller layer.</summary>
    /// <returns>The exact moments.</returns>
    public RbmExactMoments ExactMoments() => Enumerate(Visible <= Hidden ? RbmLayer.Visible : RbmLayer.Hidden);

    /// <inheritdoc/>
    public override double ExactLogPartition() => ExactMoments().LogPartition;

    /// <inheritdoc/>
    public override DeviceEnergy CreateDevice(AcceleratorSession session)
    {
        ValidateTemperature();
        return new RbmDeviceEnergy(session, Visible, Hidden, FlatParameters());
    }

    internal override DiscreteChains CreateChains(DeviceEnergy device, int chains, ulong seed, GibbsOptions options) =>
        new RbmChains((RbmDeviceEnergy)device, chains, seed);

    /// <summary>W_jk.</summary>
    internal float WeightAt(int j, int k) => weight[j, k];

    /// <summary>log(1 + eᶻ) without overflow.</summary>
    internal static double Softplus(double z) => Math.Max(z, 0) + double.LogP1(Math.Exp(-Math.Abs(z)));

    /// <summary>1/(1 + e⁻ᶻ).</summary>
    internal static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float value in values)
            sum += value;
        return sum / values.Length;
    }

    private double HiddenInput(ReadOnlySpan<double> visible, int j)
    {
        double sum = HiddenBias[j];
        for (int k = 0; k < Visible; k++)
            sum += weight[j, k] * visible[k];
        return sum;
    }
}
