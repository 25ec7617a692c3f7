using Ebm.Facade.IO;

namespace Ebm.Facade.Models;

/// <summary>Loads a model from a JSON spec or from a model file saved by <c>ebm train</c> (an MLP's safetensors).</summary>
public static class ModelFiles
{
    /// <summary>Reads <paramref name="path"/>: <c>.json</c> through <see cref="ModelSpecReader"/>, <c>.safetensors</c> as a saved MLP.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ArgumentException">Unknown extension, or a safetensors file that is not an Ebm model.</exception>
    public static EnergySpec Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return ModelSpecReader.Read(path);
        if (!path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{path}: a model is a JSON spec (.json) or a saved model (.safetensors)", nameof(path));
        var content = SafeTensorsFile.Read(path);
        if (!content.Metadata.TryGetValue("format", out var format) || format != MlpParameterFile.Format
            || !content.Metadata.TryGetValue("layers", out var layerText) || !content.Metadata.TryGetValue("activation", out var activation))
            throw new EbmFormatException($"not an Ebm model file: the metadata needs format '{MlpParameterFile.Format}', layers and activation", path);
        int[] layers;
        try
        {
            layers = [.. layerText.Split('-').Select(int.Parse)];
        }
        catch (FormatException)
        {
            throw new EbmFormatException($"metadata layers '{layerText}' is not a list like 2-128-128-1", path);
        }
        try
        {
            return new MlpSpec(layers, ActivationNames.Parse(activation), MlpParameterFile.FromSafeTensors(content, layers),
                MlpParameterFile.OutputScaleOf(content), MlpParameterFile.BaseOf(content, layers[0]));
        }
        catch (EbmFormatException e) when (e.FilePath is null)
        {
            throw new EbmFormatException(e.Message, path, e);
        }
    }
}
