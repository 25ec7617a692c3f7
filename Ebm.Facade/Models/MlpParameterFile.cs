using System.Globalization;
using Ebm.Facade.IO;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>
/// MLP parameters as a <c>.safetensors</c> file with the tensor names and shapes of a PyTorch
/// <c>nn.Sequential</c> of <c>nn.Linear</c> and activation modules.
/// </summary>
/// <remarks>
/// <para>Linear layer l sits at module index 2l, so its tensors are <c>{2l}.weight</c> [w_{l+1}, w_l] and
/// <c>{2l}.bias</c> [w_{l+1}]: the state dict of
/// <c>nn.Sequential(nn.Linear(2, 128), nn.SiLU(), nn.Linear(128, 128), nn.SiLU(), nn.Linear(128, 1))</c>.
/// PyTorch loads a file written here with <c>net.load_state_dict(safetensors.torch.load_file(path))</c>;
/// the energy is E(x) = output_scale · net(x) (+ the Gaussian base term), the scale and base being part of the JSON
/// spec. A saved model (<see cref="ModelFiles.Load"/>) carries them in its metadata instead: <c>output_scale</c> when
/// it is not 1, and <c>base_scale</c> and <c>base_mean</c> (comma-separated) when the model has a base term.</para>
/// <para>The flat layout of <see cref="MlpSpec.Parameters"/> (per layer, the weight row-major then the bias) is the
/// concatenation of these tensors in layer order. Files written here are F32 with the metadata
/// <c>{"format": "ebm-mlp", "layers": "2-128-128-1", "activation": "silu"}</c>; files from PyTorch may have no
/// metadata and may be F32 or F64 (narrowed to float32). Where metadata is present it is checked against
/// the layers asked for.</para>
/// </remarks>
public static class MlpParameterFile
{
    /// <summary>The value of the <c>format</c> metadata key.</summary>
    public const string Format = "ebm-mlp";

    private const string OutputScaleKey = "output_scale", BaseScaleKey = "base_scale", BaseMeanKey = "base_mean";

    /// <summary>Writes the parameters of <paramref name="spec"/> to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="spec">The network.</param>
    public static void Write(string path, MlpSpec spec) => SafeTensorsFile.Write(path, ToSafeTensors(spec));

    /// <summary>Reads the flat parameters of an MLP with widths <paramref name="layers"/> from <paramref name="path"/>.</summary>
    /// <param name="path">A safetensors file with PyTorch <c>nn.Sequential</c> names.</param>
    /// <param name="layers">The widths w₀ … w_L (w_L = 1).</param>
    /// <returns>The flat parameters in the layout of <see cref="MlpSpec.Parameters"/>.</returns>
    /// <exception cref="EbmFormatException">The file is malformed, or a tensor is missing, extra, of the wrong shape or type, or the metadata names other layers.</exception>
    public static float[] Read(string path, IReadOnlyList<int> layers)
    {
        var content = SafeTensorsFile.Read(path);
        try
        {
            return FromSafeTensors(content, layers);
        }
        catch (EbmFormatException e) when (e.FilePath is null)
        {
            throw new EbmFormatException(e.Message, path, e);
        }
    }

    /// <summary>The tensors and metadata that <see cref="Write"/> stores.</summary>
    /// <param name="spec">The network.</param>
    /// <returns>The content of the file.</returns>
    public static SafeTensors ToSafeTensors(MlpSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var content = new SafeTensors();
        content.Metadata["format"] = Format;
        content.Metadata["layers"] = string.Join("-", spec.Layers);
        content.Metadata["activation"] = ActivationNames.Name(spec.Activation);
        if (spec.OutputScale != 1)
            content.Metadata[OutputScaleKey] = spec.OutputScale.ToString("R", CultureInfo.InvariantCulture);
        if (spec.Base is { } gaussianBase)
        {
            content.Metadata[BaseScaleKey] = gaussianBase.Scale.ToString("R", CultureInfo.InvariantCulture);
            content.Metadata[BaseMeanKey] = string.Join(",", gaussianBase.Mean.Select(value => value.ToString("R", CultureInfo.InvariantCulture)));
        }
        Layout(spec.Layers).Write(content, [.. spec.Parameters]);
        return content;
    }

    /// <summary>The flat parameters of an MLP with widths <paramref name="layers"/> held in <paramref name="content"/>.</summary>
    /// <param name="content">Tensors named as in a PyTorch <c>nn.Sequential</c>.</param>
    /// <param name="layers">The widths w₀ … w_L (w_L = 1).</param>
    /// <returns>The flat parameters in the layout of <see cref="MlpSpec.Parameters"/>.</returns>
    /// <exception cref="EbmFormatException">A tensor is missing, extra, of the wrong shape or type, or the metadata names other layers.</exception>
    public static float[] FromSafeTensors(SafeTensors content, IReadOnlyList<int> layers)
    {
        ArgumentNullException.ThrowIfNull(content);
        MlpSpec.ValidateLayers(layers);
        string expected = string.Join("-", layers);
        if (content.Metadata.TryGetValue("layers", out string? stored) && stored != expected)
            throw new EbmFormatException($"the file holds an MLP {stored} (metadata 'layers') but the spec asks for {expected}");
        return Layout(layers).Read(content);
    }

    /// <summary>The output scale stored in a saved model's metadata (1 when absent).</summary>
    /// <param name="content">The file's content.</param>
    /// <returns>s.</returns>
    /// <exception cref="EbmFormatException">The value is not a finite number.</exception>
    public static double OutputScaleOf(SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return content.Metadata.TryGetValue(OutputScaleKey, out string? text) ? ParseNumber(text, OutputScaleKey) : 1;
    }

    /// <summary>The Gaussian base term stored in a saved model's metadata, or null when there is none.</summary>
    /// <param name="content">The file's content.</param>
    /// <param name="dimension">The input dimension the mean must have.</param>
    /// <returns>The base term.</returns>
    /// <exception cref="EbmFormatException">The values are malformed or of the wrong length.</exception>
    public static GaussianBase? BaseOf(SafeTensors content, int dimension)
    {
        ArgumentNullException.ThrowIfNull(content);
        bool hasScale = content.Metadata.TryGetValue(BaseScaleKey, out string? scaleText);
        bool hasMean = content.Metadata.TryGetValue(BaseMeanKey, out string? meanText);
        if (!hasScale && !hasMean)
            return null;
        if (!hasScale || !hasMean)
            throw new EbmFormatException($"metadata has only one of '{BaseScaleKey}' and '{BaseMeanKey}'; a base term needs both");
        double[] mean = [.. meanText!.Split(',').Select(value => ParseNumber(value, BaseMeanKey))];
        if (mean.Length != dimension)
            throw new EbmFormatException($"metadata '{BaseMeanKey}' has {mean.Length} values; the model's input dimension is {dimension}");
        try
        {
            return new GaussianBase(mean, ParseNumber(scaleText!, BaseScaleKey));
        }
        catch (ArgumentException e)
        {
            throw new EbmFormatException($"metadata '{BaseScaleKey}': {e.Message}", null, e);
        }
    }

    private static double ParseNumber(string text, string key) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new EbmFormatException($"metadata '{key}' value '{text}' is not a finite number");

    // The tensors of nn.Sequential(Linear, activation, …, Linear): layer l's weight and bias at module index 2l.
    private static StateDictLayout Layout(IReadOnlyList<int> layers) => new($"an MLP {string.Join("-", layers)}",
        [.. Enumerable.Range(0, layers.Count - 1).SelectMany(l => new[] { (WeightName(l), new[] { layers[l + 1], layers[l] }), (BiasName(l), new[] { layers[l + 1] }) })]);

    private static string WeightName(int layer) => $"{2 * layer}.weight";

    private static string BiasName(int layer) => $"{2 * layer}.bias";
}
