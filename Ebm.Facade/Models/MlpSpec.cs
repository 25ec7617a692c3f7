using Ebm.Facade.IO;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>
/// An MLP energy E(x) = s · net(x), plus |x − μ₀|²/(2σ₀²) when it has a <see cref="GaussianBase"/> (see
/// <see cref="MlpEnergy"/> for the parameter layout).
/// </summary>
public sealed record MlpSpec : NetworkSpec
{
    /// <summary>Creates and validates the spec.</summary>
    /// <param name="layers">Widths w₀ = d, …, 1.</param>
    /// <param name="activation">The hidden activation.</param>
    /// <param name="parameters">The flat parameters, <see cref="MlpDeviceEnergy.ParameterCountOf"/> values.</param>
    /// <param name="outputScale">s (default 1).</param>
    /// <param name="gaussianBase">The base term, or null for none.</param>
    public MlpSpec(IReadOnlyList<int> layers, ActivationKind activation, IReadOnlyList<float> parameters, double outputScale = 1,
        GaussianBase? gaussianBase = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(parameters);
        ValidateLayers(layers);
        SpecChecks.Length(parameters.Count, MlpDeviceEnergy.ParameterCountOf(layers), "parameters");
        SpecChecks.Finite(parameters.Select(value => (double)value), "parameters");
        SpecChecks.Finite(outputScale, "output_scale");
        if (gaussianBase is not null)
            SpecChecks.Length(gaussianBase.Mean.Count, layers[0], "base mean");
        Layers = [.. layers];
        Base = gaussianBase;
        Activation = activation;
        Parameters = [.. parameters];
        OutputScale = outputScale;
    }

    /// <summary>w₀ … w_L.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>The hidden activation.</summary>
    public ActivationKind Activation { get; }

    /// <summary>The flat parameters.</summary>
    public override IReadOnlyList<float> Parameters { get; }

    /// <summary>s.</summary>
    public double OutputScale { get; }

    /// <summary>The Gaussian base term, or null for none.</summary>
    public GaussianBase? Base { get; }

    /// <inheritdoc/>
    public override string Kind => "mlp";

    /// <inheritdoc/>
    public override int Dimension => Layers[0];

    /// <inheritdoc/>
    public override EnergySpec WithParameters(IReadOnlyList<float> parameters) => new MlpSpec(Layers, Activation, parameters, OutputScale, Base) { Temperature = Temperature };

    /// <summary>PyTorch's default <c>nn.Linear</c> initialisation: weights and biases ~ U(−1/√fan_in, 1/√fan_in), seeded.</summary>
    /// <param name="layers">The widths.</param>
    /// <param name="activation">The activation.</param>
    /// <param name="seed">The seed (Philox stream 0 of it).</param>
    /// <param name="gaussianBase">The base term, or null for none.</param>
    /// <returns>A freshly initialised network.</returns>
    public static MlpSpec Initialize(IReadOnlyList<int> layers, ActivationKind activation, ulong seed, GaussianBase? gaussianBase = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var parameters = new float[MlpDeviceEnergy.ParameterCountOf(layers)];
        var random = new PhiloxStream(seed, 0, 0);
        int offset = 0;
        for (int l = 0; l + 1 < layers.Count; l++)
        {
            float bound = 1 / MathF.Sqrt(layers[l]);
            int count = layers[l] * layers[l + 1] + layers[l + 1];
            for (int i = 0; i < count; i++)
                parameters[offset + i] = (2 * random.NextUniform() - 1) * bound;
            offset += count;
        }
        return new MlpSpec(layers, activation, parameters, gaussianBase: gaussianBase);
    }

    /// <inheritdoc/>
    public override double ReferenceEnergyAndParameterGradient(ReadOnlySpan<double> point, Span<double> gradient, double[]? parameterGradient)
    {
        int layerCount = Layers.Count - 1;
        var inputs = new double[layerCount][];   // input of each layer
        var pre = new double[layerCount][];      // pre-activation of each layer
        var offsets = new int[layerCount];
        double[] current = point.ToArray();
        for (int l = 0, offset = 0; l < layerCount; l++)
        {
            offsets[l] = offset;
            int fanIn = Layers[l], fanOut = Layers[l + 1];
            inputs[l] = current;
            pre[l] = new double[fanOut];
            for (int o = 0; o < fanOut; o++)
            {
                double sum = Parameters[offset + fanOut * fanIn + o];
                for (int i = 0; i < fanIn; i++)
                    sum += Parameters[offset + o * fanIn + i] * current[i];
                pre[l][o] = sum;
            }
            current = l == layerCount - 1 ? pre[l] : [.. pre[l].Select(z => ReferenceActivation.Of(Activation, z).Value)];
            offset += fanOut * fanIn + fanOut;
        }
        double[] delta = [OutputScale];
        for (int l = layerCount - 1; l >= 0; l--)
        {
            int fanIn = Layers[l], fanOut = Layers[l + 1], offset = offsets[l];
            if (parameterGradient is not null)
            {
                for (int o = 0; o < fanOut; o++)
                {
                    parameterGradient[offset + fanOut * fanIn + o] = delta[o];
                    for (int i = 0; i < fanIn; i++)
                        parameterGradient[offset + o * fanIn + i] = delta[o] * inputs[l][i];
                }
            }
            var back = new double[fanIn];
            for (int i = 0; i < fanIn; i++)
                for (int o = 0; o < fanOut; o++)
                    back[i] += Parameters[offset + o * fanIn + i] * delta[o];
            delta = l == 0 ? back : [.. back.Select((g, i) => g * ReferenceActivation.Of(Activation, pre[l - 1][i]).Derivative)];
        }
        delta.CopyTo(gradient);
        double baseEnergy = Base?.AddReference(point, gradient) ?? 0;
        return OutputScale * current[0] + baseEnergy;
    }

    /// <inheritdoc/>
    public override SafeTensors ToSafeTensors() => MlpParameterFile.ToSafeTensors(this);

    /// <inheritdoc/>
    public override string Describe()
    {
        var description = new Dictionary<string, object>
        {
            ["energy"] = Kind,
            ["layers"] = Layers,
            ["activation"] = ActivationNames.Name(Activation),
        };
        if (Base is { } gaussianBase)
        {
            description["base_scale"] = gaussianBase.Scale;
            description["base_mean"] = gaussianBase.Mean;
        }
        return System.Text.Json.JsonSerializer.Serialize(description);
    }

    /// <inheritdoc/>
    public override DeviceEnergy CreateDevice(AcceleratorSession session)
    {
        ValidateTemperature();
        return new MlpDeviceEnergy(session, Layers, Activation, (float)OutputScale, Parameters.ToArray(),
            Base is null ? default : SpecChecks.ToSingle(Base.Mean), (float)(Base?.Curvature ?? 0));
    }

    /// <summary>Throws unless <paramref name="layers"/> lists at least two positive widths ending in 1.</summary>
    internal static void ValidateLayers(IReadOnlyList<int> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count < 2 || layers[^1] != 1 || layers.Any(width => width < 1))
            throw new ArgumentException($"layers must list at least two positive widths ending in 1, e.g. [2, 128, 128, 1]; got [{string.Join(", ", layers)}]", nameof(layers));
        long count = 0;
        for (int l = 0; l + 1 < layers.Count; l++)
            count += (long)layers[l] * layers[l + 1] + layers[l + 1];
        if (count > Array.MaxLength)
            throw new ArgumentException($"an MLP {string.Join("-", layers)} has {count} parameters, more than one buffer holds ({Array.MaxLength})", nameof(layers));
    }
}
