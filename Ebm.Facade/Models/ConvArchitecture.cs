using System.Globalization;
using System.Text.RegularExpressions;
using Ebm.Kernels.Energies;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>
/// The shape of a convolutional energy (<see cref="ConvEnergy"/>): the input image C × H × W, the convolutions, the
/// activation after each, and the pooling before the linear head. Its text form, used by <c>--model</c> and in saved
/// files, is <c>conv:CxHxW:LAYER,LAYER,…[:ACTIVATION[:POOLING]]</c> with LAYER = <c>{channels}k{kernel}[s{stride}][p{padding}]</c>
/// (stride 1 and padding ⌊k/2⌋ by default), ACTIVATION one of <see cref="ActivationNames"/> (default <c>silu</c>) and
/// POOLING <c>avg</c> (default) or <c>sum</c>: <c>conv:1x28x28:16k3s2,32k3s2,64k3s2:silu:avg</c>.
/// </summary>
public sealed partial record ConvArchitecture : NetworkArchitecture
{
    /// <summary>The prefix of the text form.</summary>
    public const string Prefix = "conv";

    /// <summary>Creates and checks the architecture.</summary>
    /// <param name="channels">C of the input.</param>
    /// <param name="height">H of the input.</param>
    /// <param name="width">W of the input.</param>
    /// <param name="layers">The convolutions, at least one.</param>
    /// <param name="activation">φ.</param>
    /// <param name="pooling">The pooling before the head.</param>
    /// <exception cref="ArgumentException">A size is not positive, a kernel does not fit its input, or the network is too large.</exception>
    public ConvArchitecture(int channels, int height, int width, IReadOnlyList<ConvLayer> layers, ActivationKind activation = ActivationKind.SiLU,
        PoolingKind pooling = PoolingKind.Average)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (channels < 1 || height < 1 || width < 1 || (long)channels * height * width > EnergySpec.MaxDimension)
            throw new ArgumentException($"the input must be C×H×W with positive sizes and at most {EnergySpec.MaxDimension:N0} values; got {channels}×{height}×{width}", nameof(channels));
        if (layers.Count == 0)
            throw new ArgumentException("a convolutional energy needs at least one convolution", nameof(layers));
        var shapes = new ConvLayerShape[layers.Count];
        long hidden = 0, parameters = 1;
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            if (layer.Channels < 1 || layer.Kernel < 1 || layer.Stride < 1 || layer.Padding < 0 || layer.Channels > 1 << 16 || layer.Kernel > 1 << 10 || layer.Stride > 1 << 10 || layer.Padding > 1 << 10)
                throw new ArgumentException($"convolution {l} ({layer}) needs channels, kernel and stride ≥ 1 and padding ≥ 0", nameof(layers));
            var (c, h, w) = l == 0 ? (channels, height, width) : (shapes[l - 1].OutChannels, shapes[l - 1].OutHeight, shapes[l - 1].OutWidth);
            shapes[l] = ConvLayerShape.Of(c, h, w, layer.Channels, layer.Kernel, layer.Stride, layer.Padding);
            if (shapes[l].OutHeight < 1 || shapes[l].OutWidth < 1)
                throw new ArgumentException($"convolution {l} ({layer}): a {layer.Kernel}×{layer.Kernel} kernel does not fit its {h}×{w} input padded by {layer.Padding}", nameof(layers));
            hidden += (long)shapes[l].OutChannels * shapes[l].OutHeight * shapes[l].OutWidth;
            if (hidden > EnergySpec.MaxDimension)
                throw new ArgumentException($"the feature maps would hold more than {EnergySpec.MaxDimension:N0} values per image", nameof(layers));
            parameters += (long)layer.Channels * c * layer.Kernel * layer.Kernel + 2L * layer.Channels; // weights, biases, the head's share
            if (parameters > Array.MaxLength)
                throw new ArgumentException($"the network would have more than {Array.MaxLength:N0} parameters, more than one buffer holds", nameof(layers));
        }
        Channels = channels;
        Height = height;
        Width = width;
        Layers = [.. layers];
        Activation = activation;
        Pooling = pooling;
        Shapes = shapes;
        ParameterCount = ConvDeviceEnergy.ParameterCountOf(shapes);
    }

    /// <summary>C of the input.</summary>
    public int Channels { get; }

    /// <summary>H of the input.</summary>
    public int Height { get; }

    /// <summary>W of the input.</summary>
    public int Width { get; }

    /// <summary>The convolutions.</summary>
    public IReadOnlyList<ConvLayer> Layers { get; }

    /// <summary>φ.</summary>
    public ActivationKind Activation { get; }

    /// <summary>The pooling before the head.</summary>
    public PoolingKind Pooling { get; }

    /// <summary>Every convolution's input and output shape.</summary>
    public IReadOnlyList<ConvLayerShape> Shapes { get; }

    /// <summary>The number of parameters θ.</summary>
    public int ParameterCount { get; }

    /// <summary>C · H · W, the dimension of a point.</summary>
    public override int Dimension => Channels * Height * Width;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="gaussianBase"/> is not null: convolutional energies have no base term.</exception>
    public override NetworkSpec Initialize(ulong seed, GaussianBase? gaussianBase) => gaussianBase is null
        ? ConvSpec.Initialize(this, seed)
        : throw new ArgumentException("a convolutional energy has no Gaussian base term; bound its samples with a clamp box instead", nameof(gaussianBase));

    /// <summary>Parses the text form (see the type's summary).</summary>
    /// <param name="text">E.g. <c>conv:1x28x28:16k3s2,32k3s2:silu:avg</c>.</param>
    /// <returns>The architecture.</returns>
    /// <exception cref="ArgumentException">The text is malformed or describes an invalid network; the message shows the form.</exception>
    public static new ConvArchitecture Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string form = "conv:CxHxW:LAYER,…[:ACTIVATION[:avg|sum]] with LAYER = {channels}k{kernel}[s{stride}][p{padding}], e.g. conv:1x28x28:16k3s2,32k3s2,64k3s2:silu:avg";
        string[] parts = text.Split(':');
        if (parts.Length is < 3 or > 5 || parts[0] != Prefix)
            throw new ArgumentException($"a convolutional network is written {form}; got '{text}'", nameof(text));
        var input = InputPattern().Match(parts[1]);
        if (!input.Success)
            throw new ArgumentException($"the input shape must be CxHxW such as 1x28x28; got '{parts[1]}' in '{text}'", nameof(text));
        var layers = parts[2].Split(',').Select(layer => ParseLayer(layer, text, form)).ToArray();
        var activation = parts.Length > 3 ? ActivationNames.Parse(parts[3]) : ActivationKind.SiLU;
        var pooling = parts.Length > 4 ? ParsePooling(parts[4]) : PoolingKind.Average;
        return new ConvArchitecture(Number(input.Groups[1].Value, text), Number(input.Groups[2].Value, text), Number(input.Groups[3].Value, text), layers, activation, pooling);
    }

    /// <summary>The name of a pooling in the text form and in JSON: <c>avg</c> or <c>sum</c>.</summary>
    /// <param name="pooling">The pooling.</param>
    /// <returns>Its name.</returns>
    public static string PoolingName(PoolingKind pooling) => pooling == PoolingKind.Average ? "avg" : "sum";

    /// <summary>The pooling called <paramref name="name"/>.</summary>
    /// <param name="name"><c>avg</c> or <c>sum</c>.</param>
    /// <returns>The pooling.</returns>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static PoolingKind ParsePooling(string name) => name switch
    {
        "avg" => PoolingKind.Average,
        "sum" => PoolingKind.Sum,
        _ => throw new ArgumentException($"unknown pooling '{name}'; use avg or sum", nameof(name)),
    };

    /// <summary>The canonical text form, every stride and padding written out.</summary>
    /// <returns>E.g. <c>conv:1x28x28:16k3s2p1,32k3s2p1:silu:avg</c>.</returns>
    public override string ToString() =>
        $"{Prefix}:{Channels}x{Height}x{Width}:{string.Join(",", Layers)}:{ActivationNames.Name(Activation)}:{PoolingName(Pooling)}";

    /// <inheritdoc/>
    public bool Equals(ConvArchitecture? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc/>
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    private static ConvLayer ParseLayer(string layer, string text, string form)
    {
        var match = LayerPattern().Match(layer);
        if (!match.Success)
            throw new ArgumentException($"the layer '{layer}' in '{text}' is not {{channels}}k{{kernel}}[s{{stride}}][p{{padding}}]; a network is written {form}", nameof(text));
        int kernel = Number(match.Groups[2].Value, text);
        return new ConvLayer(Number(match.Groups[1].Value, text), kernel,
            match.Groups[3].Success ? Number(match.Groups[3].Value, text) : 1,
            match.Groups[4].Success ? Number(match.Groups[4].Value, text) : kernel / 2);
    }

    private static int Number(string digits, string text) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"the number {digits} in '{text}' is too large", nameof(text));

    [GeneratedRegex(@"^(\d+)x(\d+)x(\d+)$")]
    private static partial Regex InputPattern();

    [GeneratedRegex(@"^(\d+)k(\d+)(?:s(\d+))?(?:p(\d+))?$")]
    private static partial Regex LayerPattern();
}
