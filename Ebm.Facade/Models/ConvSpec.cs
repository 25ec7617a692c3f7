using Ebm.Facade.IO;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>
/// A convolutional energy E(x) = w · pool(φ(conv_L(… φ(conv_1(x))))) + b on C × H × W images (see <see cref="ConvEnergy"/>
/// for the parameter layout and <see cref="ConvParameterFile"/> for the PyTorch state dict).
/// </summary>
public sealed record ConvSpec : NetworkSpec
{
    /// <summary>Creates and validates the spec.</summary>
    /// <param name="architecture">The network's shape.</param>
    /// <param name="parameters">The flat parameters, <see cref="ConvArchitecture.ParameterCount"/> finite values.</param>
    public ConvSpec(ConvArchitecture architecture, IReadOnlyList<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        SpecChecks.Length(parameters.Count, architecture.ParameterCount, "parameters");
        SpecChecks.Finite(parameters.Select(value => (double)value), "parameters");
        Architecture = architecture;
        Parameters = [.. parameters];
    }

    /// <summary>The network's shape.</summary>
    public ConvArchitecture Architecture { get; }

    /// <summary>The flat parameters.</summary>
    public override IReadOnlyList<float> Parameters { get; }

    /// <inheritdoc/>
    public override string Kind => "conv";

    /// <inheritdoc/>
    public override int Dimension => Architecture.Dimension;

    /// <inheritdoc/>
    public override EnergySpec WithParameters(IReadOnlyList<float> parameters) => new ConvSpec(Architecture, parameters) { Temperature = Temperature };

    /// <summary>PyTorch's default <c>nn.Conv2d</c> and <c>nn.Linear</c> initialisation: weights and biases ~ U(−1/√fan_in, 1/√fan_in), seeded.</summary>
    /// <param name="architecture">The network's shape.</param>
    /// <param name="seed">The seed (Philox stream 0 of it).</param>
    /// <returns>A freshly initialised network.</returns>
    public static ConvSpec Initialize(ConvArchitecture architecture, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var parameters = new float[architecture.ParameterCount];
        var random = new PhiloxStream(seed, 0, 0);
        int offset = 0;
        void Fill(int count, int fanIn)
        {
            float bound = 1 / MathF.Sqrt(fanIn);
            for (int i = 0; i < count; i++)
                parameters[offset + i] = (2 * random.NextUniform() - 1) * bound;
            offset += count;
        }
        foreach (var shape in architecture.Shapes)
            Fill(shape.ParameterCount, shape.FanIn);
        Fill(architecture.Shapes[^1].OutChannels + 1, architecture.Shapes[^1].OutChannels);
        return new ConvSpec(architecture, parameters);
    }

    /// <inheritdoc/>
    public override double ReferenceEnergyAndParameterGradient(ReadOnlySpan<double> point, Span<double> gradient, double[]? parameterGradient)
    {
        var shapes = Architecture.Shapes;
        int layers = shapes.Count;
        var inputs = new double[layers][];
        var pre = new double[layers][];
        var offsets = new int[layers];
        double[] current = point.ToArray();
        for (int l = 0, offset = 0; l < layers; l++)
        {
            var shape = shapes[l];
            offsets[l] = offset;
            inputs[l] = current;
            pre[l] = new double[shape.OutSize];
            int bias = offset + shape.OutChannels * shape.FanIn;
            for (int o = 0; o < shape.OutChannels; o++)
                for (int y = 0; y < shape.OutHeight; y++)
                    for (int x = 0; x < shape.OutWidth; x++)
                    {
                        double sum = Parameters[bias + o];
                        foreach (var (weight, input) in Taps(shape, o, y, x))
                            sum += Parameters[offset + weight] * current[input];
                        pre[l][(o * shape.OutHeight + y) * shape.OutWidth + x] = sum;
                    }
            current = [.. pre[l].Select(z => ReferenceActivation.Of(Architecture.Activation, z).Value)];
            offset = bias + shape.OutChannels;
        }
        var last = shapes[^1];
        int head = Architecture.ParameterCount - last.OutChannels - 1;
        double scale = Architecture.Pooling == PoolingKind.Average ? 1.0 / last.OutPlane : 1;
        double energy = Parameters[head + last.OutChannels];
        var delta = new double[last.OutSize];
        for (int c = 0; c < last.OutChannels; c++)
        {
            double pooled = 0;
            for (int position = 0; position < last.OutPlane; position++)
            {
                int v = c * last.OutPlane + position;
                pooled += current[v];
                delta[v] = Parameters[head + c] * scale * ReferenceActivation.Of(Architecture.Activation, pre[^1][v]).Derivative;
            }
            energy += Parameters[head + c] * scale * pooled;
            if (parameterGradient is not null)
                parameterGradient[head + c] = scale * pooled;
        }
        if (parameterGradient is not null)
            parameterGradient[head + last.OutChannels] = 1;
        for (int l = layers - 1; l >= 0; l--)
        {
            var shape = shapes[l];
            int offset = offsets[l], bias = offset + shape.OutChannels * shape.FanIn;
            var back = new double[shape.InSize];
            if (parameterGradient is not null)
                Array.Clear(parameterGradient, offset, shape.ParameterCount);
            for (int o = 0; o < shape.OutChannels; o++)
                for (int y = 0; y < shape.OutHeight; y++)
                    for (int x = 0; x < shape.OutWidth; x++)
                    {
                        double d = delta[(o * shape.OutHeight + y) * shape.OutWidth + x];
                        if (parameterGradient is not null)
                            parameterGradient[bias + o] += d;
                        foreach (var (weight, input) in Taps(shape, o, y, x))
                        {
                            back[input] += Parameters[offset + weight] * d;
                            if (parameterGradient is not null)
                                parameterGradient[offset + weight] += d * inputs[l][input];
                        }
                    }
            delta = l == 0 ? back : [.. back.Select((g, v) => g * ReferenceActivation.Of(Architecture.Activation, pre[l - 1][v]).Derivative)];
        }
        delta.CopyTo(gradient);
        return energy;
    }

    /// <inheritdoc/>
    public override SafeTensors ToSafeTensors() => ConvParameterFile.ToSafeTensors(this);

    /// <inheritdoc/>
    public override string Describe() => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["energy"] = Kind,
        ["architecture"] = Architecture.ToString(),
    });

    /// <inheritdoc/>
    public override DeviceEnergy CreateDevice(AcceleratorSession session)
    {
        ValidateTemperature();
        return new ConvDeviceEnergy(session, Architecture.Shapes, Architecture.Activation, Architecture.Pooling, Parameters.ToArray());
    }

    // The (weight offset in the layer, input index) pairs of output (o, y, x) whose input lies inside the image.
    private static IEnumerable<(int Weight, int Input)> Taps(ConvLayerShape shape, int o, int y, int x)
    {
        for (int i = 0; i < shape.InChannels; i++)
            for (int ky = 0; ky < shape.Kernel; ky++)
            {
                int iy = y * shape.Stride - shape.Padding + ky;
                if (iy < 0 || iy >= shape.InHeight)
                    continue;
                for (int kx = 0; kx < shape.Kernel; kx++)
                {
                    int ix = x * shape.Stride - shape.Padding + kx;
                    if (ix >= 0 && ix < shape.InWidth)
                        yield return (shape.Weight(o, i, ky, kx), (i * shape.InHeight + iy) * shape.InWidth + ix);
                }
            }
    }
}
