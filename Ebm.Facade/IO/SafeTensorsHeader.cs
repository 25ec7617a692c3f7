using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ebm.Facade.IO;

/// <summary>
/// The JSON header of a safetensors file: metadata and, for each tensor, dtype, shape and byte offsets
/// into the data buffer that follows.
/// </summary>
/// <param name="Metadata">The <c>__metadata__</c> strings.</param>
/// <param name="Tensors">The tensors, in header order.</param>
internal sealed record SafeTensorsHeader(Dictionary<string, string> Metadata, List<SafeTensorEntry> Tensors)
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8 };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Parses and validates a header against a data buffer of <paramref name="bufferLength"/> bytes: a JSON object
    /// without duplicate names, known dtypes, non-negative shapes whose byte size equals their offsets' span,
    /// offsets inside the buffer that do not overlap, string metadata values.
    /// </summary>
    /// <exception cref="EbmFormatException">Any of these checks fails.</exception>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> json, long bufferLength, string? path)
    {
        var header = new SafeTensorsHeader(new Dictionary<string, string>(StringComparer.Ordinal), []);
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            Expect(ref reader, JsonTokenType.StartObject, "the header is not a JSON object", path);
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (!names.Add(name))
                {
                    throw new EbmFormatException($"the header names '{name}' twice", path);
                }

                if (name == SafeTensors.MetadataKey)
                {
                    ReadMetadata(ref reader, header.Metadata, path);
                }
                else
                {
                    header.Tensors.Add(ReadEntry(ref reader, name, path));
                }
            }

            if (reader.Read())
            {
                throw new EbmFormatException("the header has content after its JSON object", path);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or DecoderFallbackException)
        {
            throw new EbmFormatException($"the header is not valid JSON: {e.Message}", path, e);
        }

        header.CheckLayout(bufferLength, path);
        return header;
    }

    /// <summary>
    /// The header for <paramref name="content"/> as UTF-8 JSON padded with spaces to a multiple of 8 bytes:
    /// sorted metadata first, then the tensors in name order with contiguous offsets.
    /// </summary>
    /// <exception cref="ArgumentException">A metadata value is <see langword="null"/>.</exception>
    public static byte[] Format(SafeTensors content)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (content.Metadata.Count > 0)
            {
                writer.WriteStartObject(SafeTensors.MetadataKey);
                foreach (var (key, value) in content.Metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value ?? throw new ArgumentException($"Metadata '{key}' is null.", nameof(content)));
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (string name in content.Names)
            {
                var tensor = content[name];
                writer.WriteStartObject(name);
                writer.WriteString("dtype", tensor.DType.ToString());
                writer.WriteStartArray("shape");
                foreach (int dimension in tensor.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += tensor.Data.Length;
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var padded = new byte[(buffer.WrittenCount + 7) / 8 * 8];
        padded.AsSpan().Fill((byte)' ');
        buffer.WrittenSpan.CopyTo(padded);
        return padded;
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata, string? path)
    {
        if (Next(ref reader) == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new EbmFormatException($"'{SafeTensors.MetadataKey}' is not a JSON object", path);
        }

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            if (Next(ref reader) != JsonTokenType.String)
            {
                throw new EbmFormatException($"metadata '{key}' is not a string", path);
            }

            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw new EbmFormatException($"metadata '{key}' appears twice", path);
            }
        }
    }

    private static SafeTensorEntry ReadEntry(ref Utf8JsonReader reader, string name, string? path)
    {
        if (Next(ref reader) != JsonTokenType.StartObject)
        {
            throw new EbmFormatException($"tensor '{name}': its header entry is not a JSON object", path);
        }

        string? dtypeName = null;
        long[]? shape = null, offsets = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            switch (key)
            {
                case "dtype":
                    RejectRepeat(dtypeName, name, key, path);
                    dtypeName = ReadString(ref reader, name, key, path);
                    break;
                case "shape":
                    RejectRepeat(shape, name, key, path);
                    shape = ReadIntegers(ref reader, name, key, path);
                    break;
                case "data_offsets":
                    RejectRepeat(offsets, name, key, path);
                    offsets = ReadIntegers(ref reader, name, key, path);
                    break;
                default:
                    reader.Skip(); // unknown keys are ignored, as the reference implementation does
                    break;
            }
        }

        if (dtypeName is null || shape is null || offsets is null)
        {
            throw new EbmFormatException($"tensor '{name}': the entry needs 'dtype', 'shape' and 'data_offsets'", path);
        }

        if (!SafeTensorDTypeInfo.TryParse(dtypeName, out var dtype))
        {
            throw new EbmFormatException(
                $"tensor '{name}': unsupported dtype '{dtypeName}'; supported: {SafeTensorDTypeInfo.SupportedNames}", path);
        }

        if (offsets.Length != 2 || offsets[0] > offsets[1])
        {
            throw new EbmFormatException($"tensor '{name}': data_offsets must be [begin, end] with begin <= end", path);
        }

        var dimensions = ToDimensions(shape, name, path);
        long byteCount = ByteCount(dtype, dimensions, name, path);
        if (byteCount != offsets[1] - offsets[0])
        {
            throw new EbmFormatException(
                $"tensor '{name}': dtype {dtype} and shape {Shapes.Describe(dimensions)} need {byteCount} bytes " +
                $"but data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]}", path);
        }

        return new SafeTensorEntry(name, dtype, dimensions, offsets[0], offsets[1]);
    }

    private static int[] ToDimensions(long[] shape, string name, string? path)
    {
        var dimensions = new int[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            dimensions[i] = shape[i] <= int.MaxValue
                ? (int)shape[i]
                : throw new EbmFormatException($"tensor '{name}': shape dimension {i} is {shape[i]}, too large", path);
        }

        return dimensions;
    }

    // Bytes the tensor needs; at most Array.MaxLength so that it fits one byte array.
    private static long ByteCount(SafeTensorDType dtype, int[] dimensions, string name, string? path)
    {
        if (dimensions.Contains(0))
        {
            return 0;
        }

        long bytes = SafeTensorDTypeInfo.Size(dtype);
        foreach (int dimension in dimensions)
        {
            if (bytes > Array.MaxLength / dimension)
            {
                throw new EbmFormatException(
                    $"tensor '{name}': shape {Shapes.Describe(dimensions)} needs more than {Array.MaxLength} bytes, too large to load", path);
            }

            bytes *= dimension;
        }

        return bytes;
    }

    private static string ReadString(ref Utf8JsonReader reader, string name, string key, string? path) =>
        Next(ref reader) == JsonTokenType.String
            ? reader.GetString()!
            : throw new EbmFormatException($"tensor '{name}': '{key}' is not a string", path);

    private static long[] ReadIntegers(ref Utf8JsonReader reader, string name, string key, string? path)
    {
        if (Next(ref reader) != JsonTokenType.StartArray)
        {
            throw new EbmFormatException($"tensor '{name}': '{key}' is not an array", path);
        }

        var values = new List<long>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0)
            {
                throw new EbmFormatException($"tensor '{name}': '{key}' holds something other than a non-negative integer", path);
            }

            values.Add(value);
        }

        return [.. values];
    }

    private static void RejectRepeat(object? seen, string name, string key, string? path)
    {
        if (seen is not null)
        {
            throw new EbmFormatException($"tensor '{name}': '{key}' appears twice", path);
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("the JSON ends early");
        }

        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string problem, string? path)
    {
        if (Next(ref reader) != type)
        {
            throw new EbmFormatException(problem, path);
        }
    }

    // Offsets must lie inside the buffer and tensors must not share bytes; gaps are tolerated.
    private void CheckLayout(long bufferLength, string? path)
    {
        long previousEnd = 0;
        string? previous = null;
        foreach (var entry in Tensors.OrderBy(entry => entry.Begin).ThenBy(entry => entry.End))
        {
            if (entry.End > bufferLength)
            {
                throw new EbmFormatException(
                    $"tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] run past the data buffer of {bufferLength} bytes (truncated file?)", path);
            }

            if (entry.Begin < previousEnd)
            {
                throw new EbmFormatException($"tensors '{previous}' and '{entry.Name}' overlap in the data buffer", path);
            }

            (previousEnd, previous) = (entry.End, entry.Name);
        }
    }
}
