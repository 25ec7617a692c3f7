using Ebm.Facade.IO;

namespace Ebm.Facade.Models;

/// <summary>
/// Loads a model from a model file saved by <c>ebm train</c> (<c>.safetensors</c>: an MLP, a convolutional network, or an RBM's weight and biases)
/// or from a JSON spec (any other name).
/// </summary>
public static class ModelFiles
{
    /// <summary>Reads the model at <paramref name="path"/>, continuous or discrete.</summary>
    /// <param name="path">A saved model (<c>.safetensors</c>) or a JSON spec.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">The file is missing or malformed, or not an Ebm model (<see cref="EbmFormatException"/>, <see cref="InvalidModelSpecException"/>).</exception>
    public static ModelDefinition LoadAny(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            return ModelSpecReader.ReadAny(path);
        var content = SafeTensorsFile.Read(path);
        try
        {
            if (content.TryGet(RbmSpec.VisibleBiasName, out _))
                return new ModelDefinition(RbmSpec.FromSafeTensors(content));
            return new ModelDefinition(content.Metadata.TryGetValue("format", out var format) && format == ConvParameterFile.Format
                ? ConvParameterFile.FromSavedModel(content)
                : SavedMlp(path, content));
        }
        catch (ArgumentException e) when (e is not EbmFormatException { FilePath: not null })
        {
            // The models' own checks (widths, activation, finite and float32-safe parameters) name the file too.
            throw new EbmFormatException(ModelSpecReader.Unadorned(e), path, e);
        }
    }

    /// <summary>Reads the continuous model at <paramref name="path"/>: a saved MLP or a JSON spec.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ArgumentException">As <see cref="LoadAny"/>, or the model is discrete.</exception>
    public static EnergySpec Load(string path) => LoadAny(path).Continuous
        ?? throw new InvalidModelSpecException("the model is discrete (binary units); this needs a continuous energy (use ebm sample --sampler gibbs for discrete models)", path);

    private static MlpSpec SavedMlp(string path, SafeTensors content)
    {
        if (!content.Metadata.TryGetValue("format", out var format) || format != MlpParameterFile.Format
            || !content.Metadata.TryGetValue("layers", out var layerText) || !content.Metadata.TryGetValue("activation", out var activation))
            throw new EbmFormatException($"not an Ebm model file: the metadata needs format '{MlpParameterFile.Format}' (with layers and activation) or '{ConvParameterFile.Format}' (with architecture)", path);
        int[] layers = [.. layerText.Split('-').Select(width => int.TryParse(width, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int parsed)
            ? parsed
            : throw new EbmFormatException($"metadata layers '{layerText}' is not a list of widths like 2-128-128-1", path))];
        return new MlpSpec(layers, ActivationNames.Parse(activation), MlpParameterFile.FromSafeTensors(content, layers),
            MlpParameterFile.OutputScaleOf(content), MlpParameterFile.BaseOf(content, layers[0]));
    }
}
