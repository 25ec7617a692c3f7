using System.Diagnostics.CodeAnalysis;

namespace Ebm.Facade.IO;

/// <summary>The content of a safetensors file: named tensors, kept in ordinal name order, and string metadata.</summary>
/// <remarks>
/// Checkpoints use the metadata for the format version, model spec, step and seed. Read and write the
/// content with <see cref="SafeTensorsFile"/>.
/// </remarks>
public sealed class SafeTensors
{
    /// <summary>The header key reserved for metadata; no tensor may take this name.</summary>
    public const string MetadataKey = "__metadata__";

    private readonly SortedDictionary<string, SafeTensor> _tensors = new(StringComparer.Ordinal);

    /// <summary>Free-form string metadata, written under <c>__metadata__</c> in the header.</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The tensor names, in ordinal order.</summary>
    public IReadOnlyCollection<string> Names => _tensors.Keys;

    /// <summary>The number of tensors.</summary>
    public int Count => _tensors.Count;

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such tensor.</exception>
    public SafeTensor this[string name] =>
        _tensors.TryGetValue(name, out var tensor)
            ? tensor
            : throw new KeyNotFoundException($"There is no tensor named '{name}'; the tensors are: {string.Join(", ", Names)}.");

    /// <summary>Adds <paramref name="tensor"/> under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is taken or is <see cref="MetadataKey"/>.</exception>
    public void Add(string name, SafeTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tensor);
        if (name == MetadataKey)
        {
            throw new ArgumentException($"The name '{MetadataKey}' is reserved for metadata.", nameof(name));
        }

        if (!_tensors.TryAdd(name, tensor))
        {
            throw new ArgumentException($"A tensor named '{name}' is already present.", nameof(name));
        }
    }

    /// <summary>Looks up the tensor called <paramref name="name"/>.</summary>
    /// <returns><see langword="true"/> when it exists.</returns>
    public bool TryGet(string name, [MaybeNullWhen(false)] out SafeTensor tensor) => _tensors.TryGetValue(name, out tensor);

    /// <summary>The values of the float tensor <paramref name="name"/> of exactly <paramref name="expectedShape"/>, every one finite (restored state is checked as strictly as fresh input).</summary>
    /// <exception cref="EbmFormatException">The tensor is missing, has another shape, or holds a value that is not finite (named with its flat index).</exception>
    public float[] GetFinite(string name, params int[] expectedShape)
    {
        float[] values = Get(name, expectedShape).ToSingle();
        int index = Array.FindIndex(values, value => !float.IsFinite(value));
        if (index >= 0)
            throw new EbmFormatException($"tensor '{name}' holds {values[index]} at flat index {index}; every value must be finite");
        return values;
    }

    /// <summary>The tensor called <paramref name="name"/>, which must have exactly <paramref name="expectedShape"/> (empty for a scalar).</summary>
    /// <exception cref="EbmFormatException">The tensor is missing or has another shape; the message names the tensor and both shapes.</exception>
    public SafeTensor Get(string name, params int[] expectedShape)
    {
        ArgumentNullException.ThrowIfNull(expectedShape);
        if (!_tensors.TryGetValue(name, out var tensor))
        {
            throw new EbmFormatException($"there is no tensor named '{name}'; the tensors are: {string.Join(", ", Names)}");
        }

        if (!tensor.Shape.SequenceEqual(expectedShape))
        {
            throw new EbmFormatException(
                $"tensor '{name}' has shape {Shapes.Describe([.. tensor.Shape])} but shape {Shapes.Describe(expectedShape)} was expected");
        }

        return tensor;
    }
}
