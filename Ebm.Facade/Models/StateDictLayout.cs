using Ebm.Facade.IO;

namespace Ebm.Facade.Models;

/// <summary>
/// How a network's flat parameters map onto the tensors of a PyTorch state dict: the tensors' names and shapes in the
/// order in which the flat buffer holds them.
/// </summary>
/// <param name="model">The network's description in messages, e.g. <c>an MLP 2-128-128-1</c>.</param>
/// <param name="tensors">(name, shape) of every tensor, in flat order.</param>
internal sealed class StateDictLayout(string model, IReadOnlyList<(string Name, int[] Shape)> tensors)
{
    /// <summary>Adds the tensors of <paramref name="flat"/> to <paramref name="content"/> as F32.</summary>
    /// <param name="content">The file content to fill.</param>
    /// <param name="flat">The flat parameters.</param>
    public void Write(SafeTensors content, ReadOnlySpan<float> flat)
    {
        int offset = 0;
        foreach (var (name, shape) in tensors)
        {
            int count = shape.Aggregate(1, (product, size) => product * size);
            content.Add(name, SafeTensor.FromSingle(flat.Slice(offset, count), shape));
            offset += count;
        }
    }

    /// <summary>The flat parameters held in <paramref name="content"/>.</summary>
    /// <param name="content">Tensors with exactly the names of this layout, F32 or F64.</param>
    /// <returns>The flat parameters, F64 narrowed to float32.</returns>
    /// <exception cref="EbmFormatException">A tensor is missing, extra, of the wrong shape or of another dtype.</exception>
    public float[] Read(SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var known = new HashSet<string>(tensors.Select(tensor => tensor.Name), StringComparer.Ordinal);
        var extra = content.Names.Where(name => !known.Contains(name)).ToList();
        if (extra.Count > 0)
            throw new EbmFormatException($"unexpected tensors {string.Join(", ", extra)} for {model}, which has exactly {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        var flat = new List<float>();
        foreach (var (name, shape) in tensors)
        {
            var tensor = content.Get(name, shape);
            if (tensor.DType is not (SafeTensorDType.F32 or SafeTensorDType.F64))
                throw new EbmFormatException($"tensor '{name}' has dtype {tensor.DType}; network parameters must be F32 or F64");
            flat.AddRange(tensor.ToSingle());
        }
        return [.. flat];
    }
}
