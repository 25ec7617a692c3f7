using Ebm.Facade.IO;

namespace Ebm.Facade.Models;

/// <summary>
/// Convolutional-network parameters as a <c>.safetensors</c> file with the tensor names and shapes of a PyTorch
/// <c>nn.Sequential</c>: convolution l at module index 2l (<c>{2l}.weight</c> [C_out, C_in, k, k], <c>{2l}.bias</c>
/// [C_out]) followed by its activation, then the pooling at 2L, <c>nn.Flatten()</c> at 2L + 1 and the head
/// <c>nn.Linear(C_L, 1)</c> at 2L + 2 (<c>{2L+2}.weight</c> [1, C_L], <c>{2L+2}.bias</c> [1]).
/// </summary>
/// <remarks>
/// For <c>conv:1x28x28:16k3s2,32k3s2:silu:avg</c> that is the state dict of <c>nn.Sequential(nn.Conv2d(1, 16, 3, 2, 1),
/// nn.SiLU(), nn.Conv2d(16, 32, 3, 2, 1), nn.SiLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 1))</c>, whose
/// output on a batch shaped [N, 1, 28, 28] is the energy. Sum pooling has no PyTorch module; any module at index 2L that
/// sums over the positions (such as <c>nn.LPPool2d(1, (H_L, W_L))</c>) gives it. Files written here are F32 with the
/// metadata <c>{"format": "ebm-conv", "architecture": "conv:…"}</c> (the canonical form of <see cref="ConvArchitecture"/>);
/// files from PyTorch may have no metadata and may be F32 or F64.
/// </remarks>
public static class ConvParameterFile
{
    /// <summary>The value of the <c>format</c> metadata key.</summary>
    public const string Format = "ebm-conv";

    /// <summary>The metadata key of the architecture.</summary>
    public const string ArchitectureKey = "architecture";

    /// <summary>The tensors and metadata of a model file.</summary>
    /// <param name="spec">The network.</param>
    /// <returns>The content of the file.</returns>
    public static SafeTensors ToSafeTensors(ConvSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var content = new SafeTensors();
        content.Metadata["format"] = Format;
        content.Metadata[ArchitectureKey] = spec.Architecture.ToString();
        Layout(spec.Architecture).Write(content, [.. spec.Parameters]);
        return content;
    }

    /// <summary>The flat parameters of a network of shape <paramref name="architecture"/> held in <paramref name="content"/>.</summary>
    /// <param name="content">Tensors named as in a PyTorch <c>nn.Sequential</c>.</param>
    /// <param name="architecture">The shape.</param>
    /// <returns>The flat parameters in the layout of <see cref="ConvSpec.Parameters"/>.</returns>
    /// <exception cref="EbmFormatException">A tensor is missing, extra, of the wrong shape or type, or the metadata names another architecture.</exception>
    public static float[] FromSafeTensors(SafeTensors content, ConvArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(architecture);
        if (content.Metadata.TryGetValue(ArchitectureKey, out string? stored) && stored != architecture.ToString())
            throw new EbmFormatException($"the file holds the network {stored} (metadata '{ArchitectureKey}') but the spec asks for {architecture}");
        return Layout(architecture).Read(content);
    }

    /// <summary>The network a saved model file holds (format <see cref="Format"/>).</summary>
    /// <param name="content">The file's content.</param>
    /// <returns>The network.</returns>
    /// <exception cref="EbmFormatException">The metadata or the tensors are malformed.</exception>
    public static ConvSpec FromSavedModel(SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.Metadata.TryGetValue(ArchitectureKey, out string? text))
            throw new EbmFormatException($"an {Format} file needs the metadata '{ArchitectureKey}'");
        ConvArchitecture architecture;
        try
        {
            architecture = ConvArchitecture.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new EbmFormatException($"metadata '{ArchitectureKey}': {ModelSpecReader.Unadorned(e)}", null, e);
        }
        return new ConvSpec(architecture, FromSafeTensors(content, architecture));
    }

    private static StateDictLayout Layout(ConvArchitecture architecture)
    {
        var tensors = new List<(string, int[])>();
        for (int l = 0; l < architecture.Shapes.Count; l++)
        {
            var shape = architecture.Shapes[l];
            tensors.Add(($"{2 * l}.weight", [shape.OutChannels, shape.InChannels, shape.Kernel, shape.Kernel]));
            tensors.Add(($"{2 * l}.bias", [shape.OutChannels]));
        }
        int head = 2 * architecture.Shapes.Count + 2;
        tensors.Add(($"{head}.weight", [1, architecture.Shapes[^1].OutChannels]));
        tensors.Add(($"{head}.bias", [1]));
        return new StateDictLayout($"the network {architecture}", tensors);
    }
}
