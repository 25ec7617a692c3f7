using System.Buffers.Binary;

namespace Ebm.Facade.IO;

/// <summary>
/// Reads and writes <c>.safetensors</c> files: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// header, then the tensors' little-endian bytes.
/// </summary>
/// <remarks>
/// The header maps each tensor name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> (offsets relative
/// to the data buffer) and may hold <c>"__metadata__"</c>, an object of strings. PyTorch users read the files with
/// the <c>safetensors</c> package. The reader checks the whole header (size at most <see cref="MaxHeaderLength"/>
/// and within the file, valid JSON, no duplicate names, supported dtypes, sizes that match the offsets,
/// offsets inside the buffer without overlaps) before it allocates any tensor; gaps between tensors are tolerated.
/// The writer sorts tensors by name, lays them out contiguously and pads the header with spaces to a multiple
/// of 8 bytes, so equal content gives equal bytes. See https://github.com/huggingface/safetensors.
/// </remarks>
public static class SafeTensorsFile
{
    /// <summary>The largest header accepted, in bytes (the reference implementation's limit).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>Reads the safetensors file at <paramref name="path"/>.</summary>
    /// <exception cref="EbmFormatException">The file is malformed, truncated or holds an unsupported dtype.</exception>
    /// <exception cref="FileNotFoundException">There is no such file: "PATH does not exist".</exception>
    public static SafeTensors Read(string path)
    {
        using var stream = InputFile.OpenRead(path);
        return Read(stream);
    }

    /// <summary>Reads a file of this project's own kind (a checkpoint): its metadata must name <paramref name="format"/> and <paramref name="version"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="format">The expected <c>format</c> metadata.</param>
    /// <param name="version">The expected <c>version</c> metadata.</param>
    /// <param name="what">What the file is, for messages ("training checkpoint").</param>
    /// <returns>Its content.</returns>
    /// <exception cref="EbmFormatException">Another format or version, or a corrupt file.</exception>
    /// <exception cref="FileNotFoundException">There is no such file; the message says what was looked for.</exception>
    public static SafeTensors Read(string path, string format, string version, string what)
    {
        SafeTensors content;
        try
        {
            content = Read(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"the {what} {path} does not exist", path, e);
        }
        if (!content.Metadata.TryGetValue("format", out var actualFormat) || actualFormat != format)
            throw new EbmFormatException($"not a {what} (metadata format is '{actualFormat ?? "missing"}', expected '{format}')", path);
        if (!content.Metadata.TryGetValue("version", out var actualVersion) || actualVersion != version)
            throw new EbmFormatException($"{what} version '{actualVersion ?? "missing"}' is not supported (this build reads version {version})", path);
        return content;
    }

    /// <summary>Reads safetensors content from <paramref name="stream"/>, from its current position to its end.</summary>
    /// <exception cref="EbmFormatException">The content is malformed, truncated or holds an unsupported dtype.</exception>
    public static SafeTensors Read(Stream stream)
    {
        var source = BinarySource.Open(stream);
        Span<byte> lengthBytes = stackalloc byte[sizeof(ulong)];
        source.ReadExactly(lengthBytes, "the header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
        {
            throw source.Fail($"the header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes");
        }

        source.Require((long)headerLength, "the JSON header");
        var json = new byte[headerLength];
        source.ReadExactly(json, "the JSON header");
        long dataStart = source.Stream.Position;
        var header = SafeTensorsHeader.Parse(json, source.Remaining, source.Path);

        var content = new SafeTensors();
        foreach (var (key, value) in header.Metadata)
        {
            content.Metadata.Add(key, value);
        }

        foreach (var entry in header.Tensors.OrderBy(entry => entry.Begin))
        {
            source.Stream.Position = dataStart + entry.Begin;
            var data = new byte[entry.End - entry.Begin];
            source.ReadExactly(data, $"tensor '{entry.Name}'");
            content.Add(entry.Name, new SafeTensor(entry.DType, entry.Shape, data));
        }

        source.Stream.Position = dataStart + header.Tensors.Select(entry => entry.End).DefaultIfEmpty().Max();
        return content;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, atomically (see <see cref="AtomicFile"/>).</summary>
    /// <exception cref="ArgumentException">A metadata value is <see langword="null"/>.</exception>
    public static void Write(string path, SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(content);
        AtomicFile.Write(path, stream => Write(stream, content));
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">A metadata value is <see langword="null"/>.</exception>
    public static void Write(Stream stream, SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(content);
        var header = SafeTensorsHeader.Format(content);
        Span<byte> lengthBytes = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)header.Length);
        stream.Write(lengthBytes);
        stream.Write(header);
        foreach (string name in content.Names)
        {
            stream.Write(content[name].Data.Span);
        }
    }
}
