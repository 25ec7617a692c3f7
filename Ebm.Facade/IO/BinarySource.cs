namespace Ebm.Facade.IO;

/// <summary>
/// A seekable stream being parsed, with the name of its file: reads exact byte counts and turns
/// every shortfall into an <see cref="EbmFormatException"/> that names the file.
/// </summary>
internal sealed class BinarySource
{
    private BinarySource(Stream stream, string? path)
    {
        Stream = stream;
        Path = path;
    }

    /// <summary>The stream being read; always seekable.</summary>
    public Stream Stream { get; }

    /// <summary>The file name used in error messages, or <see langword="null"/>.</summary>
    public string? Path { get; }

    /// <summary>Bytes left between the current position and the end of the stream.</summary>
    public long Remaining => Stream.Length - Stream.Position;

    /// <summary>
    /// Wraps <paramref name="stream"/>; a stream that cannot seek is first copied to memory, so that
    /// sizes declared by a header can be checked against what the stream really holds before allocating.
    /// </summary>
    public static BinarySource Open(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            return new BinarySource(stream, (stream as FileStream)?.Name);
        }

        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return new BinarySource(copy, null);
    }

    /// <summary>Fills <paramref name="buffer"/> or throws, naming <paramref name="what"/> was cut short.</summary>
    public void ReadExactly(Span<byte> buffer, string what)
    {
        int read = Stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
        {
            throw Fail($"the file is truncated: {what} needs {buffer.Length} bytes but only {read} remain");
        }
    }

    /// <summary>Throws unless at least <paramref name="count"/> bytes remain, before anything that size is allocated.</summary>
    public void Require(long count, string what)
    {
        if (count > Remaining)
        {
            throw Fail($"the file is truncated: {what} needs {count} bytes but only {Remaining} remain");
        }
    }

    /// <summary>An exception naming this source's file and <paramref name="problem"/>.</summary>
    public EbmFormatException Fail(string problem, Exception? inner = null) => new(problem, Path, inner);
}
