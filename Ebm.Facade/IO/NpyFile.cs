using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Ebm.Facade.IO;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files of little-endian float32 (<c>'&lt;f4'</c>) or float64
/// (<c>'&lt;f8'</c>) values in C order, of any rank including 0-d scalars and empty arrays.
/// </summary>
/// <remarks>
/// Format versions 1.0, 2.0 and 3.0 are read; files are written as version 1.0, or 2.0 when the header
/// exceeds 65535 bytes, with the header padded to a multiple of 64 bytes as NumPy does. Python reads them
/// with <c>np.load</c>. Every malformed, truncated or unsupported file raises <see cref="EbmFormatException"/>,
/// and sizes declared by the header are checked against the bytes present before anything is allocated.
/// See https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html.
/// </remarks>
public static class NpyFile
{
    /// <summary>The longest header accepted on reading, in bytes.</summary>
    public const int MaxHeaderLength = 1 << 20;

    private const int Alignment = 64;
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the NPY file at <paramref name="path"/>.</summary>
    /// <exception cref="EbmFormatException">The file is malformed, truncated or holds an unsupported dtype or layout.</exception>
    /// <exception cref="FileNotFoundException">There is no such file: "PATH does not exist".</exception>
    public static NpyArray Read(string path)
    {
        using var stream = InputFile.OpenRead(path);
        return Read(stream);
    }

    /// <summary>
    /// Reads one NPY array from <paramref name="stream"/>. A seekable stream is left positioned after the data;
    /// one that cannot seek is read to its end first, so that declared sizes can be checked before allocating.
    /// </summary>
    /// <exception cref="EbmFormatException">The content is malformed, truncated or holds an unsupported dtype or layout.</exception>
    public static NpyArray Read(Stream stream)
    {
        var source = BinarySource.Open(stream);
        var header = ReadHeader(source);
        source.Require(header.ByteCount, $"the data of shape {Shapes.Describe(header.Shape)}");
        return header.DType == NpyDType.Float32
            ? new NpyArray(ReadValues<float>(source, header.Count), header.Shape)
            : new NpyArray(ReadValues<double>(source, header.Count), header.Shape);
    }

    /// <summary>Writes float32 <paramref name="data"/> of the given C-order <paramref name="shape"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the shape's element count differs from the data length.</exception>
    public static void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape) =>
        WriteFile(path, data, shape, NpyDType.Float32);

    /// <summary>Writes float64 <paramref name="data"/> of the given C-order <paramref name="shape"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the shape's element count differs from the data length.</exception>
    public static void Write(string path, ReadOnlySpan<double> data, ReadOnlySpan<int> shape) =>
        WriteFile(path, data, shape, NpyDType.Float64);

    /// <summary>Writes float32 <paramref name="data"/> of the given C-order <paramref name="shape"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the shape's element count differs from the data length.</exception>
    public static void Write(Stream stream, ReadOnlySpan<float> data, ReadOnlySpan<int> shape) =>
        WriteStream(stream, data, shape, NpyDType.Float32);

    /// <summary>Writes float64 <paramref name="data"/> of the given C-order <paramref name="shape"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the shape's element count differs from the data length.</exception>
    public static void Write(Stream stream, ReadOnlySpan<double> data, ReadOnlySpan<int> shape) =>
        WriteStream(stream, data, shape, NpyDType.Float64);

    private static NpyHeader ReadHeader(BinarySource source)
    {
        Span<byte> prelude = stackalloc byte[8];
        source.ReadExactly(prelude, "the NPY magic string and version");
        if (!prelude[..Magic.Length].SequenceEqual(Magic))
        {
            throw source.Fail("not an NPY file: the magic string \\x93NUMPY is missing");
        }

        byte major = prelude[6], minor = prelude[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw source.Fail($"unsupported NPY format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are read");
        }

        Span<byte> lengthBytes = stackalloc byte[major == 1 ? sizeof(ushort) : sizeof(uint)];
        source.ReadExactly(lengthBytes, "the header length");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
        {
            throw source.Fail($"the header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes");
        }

        source.Require(headerLength, "the header");
        var headerBytes = new byte[headerLength];
        source.ReadExactly(headerBytes, "the header");
        return NpyHeader.Parse(DecodeHeader(source, headerBytes, major), source.Path);
    }

    private static T[] ReadValues<T>(BinarySource source, long count)
        where T : unmanaged
    {
        var data = new T[count];
        source.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()), "the data");
        LittleEndian.FromLittleEndianInPlace(data.AsSpan());
        return data;
    }

    private static string DecodeHeader(BinarySource source, byte[] bytes, byte major)
    {
        if (major < 3)
        {
            return Encoding.Latin1.GetString(bytes);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw source.Fail("the version 3.0 header is not valid UTF-8", e);
        }
    }

    private static void WriteFile<T>(string path, ReadOnlySpan<T> data, ReadOnlySpan<int> shape, NpyDType dtype)
        where T : unmanaged
    {
        Shapes.RequireMatch(data.Length, shape, nameof(shape));
        AtomicFile.Write(path, new Payload<T>(data, shape), (stream, payload) => WriteStream(stream, payload.Data, payload.Shape, dtype));
    }

    private static void WriteStream<T>(Stream stream, ReadOnlySpan<T> data, ReadOnlySpan<int> shape, NpyDType dtype)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        Shapes.RequireMatch(data.Length, shape, nameof(shape));
        stream.Write(FormatPrelude(NpyHeader.Format(dtype, shape)));
        LittleEndian.Write(stream, data);
    }

    private static byte[] FormatPrelude(string header)
    {
        int major = 1;
        int preludeLength = Magic.Length + 2 + sizeof(ushort);
        int padded = PaddedLength(preludeLength, header.Length);
        if (padded > ushort.MaxValue)
        {
            major = 2;
            preludeLength = Magic.Length + 2 + sizeof(uint);
            padded = PaddedLength(preludeLength, header.Length);
        }

        var bytes = new byte[preludeLength + padded];
        Magic.CopyTo(bytes, 0);
        bytes[6] = (byte)major;
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)padded);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)padded);
        }

        var headerBytes = bytes.AsSpan(preludeLength);
        headerBytes.Fill((byte)' ');
        Encoding.Latin1.GetBytes(header, headerBytes);
        headerBytes[^1] = (byte)'\n';
        return bytes;
    }

    // Header length including the spaces and the final '\n' that make the whole prelude a multiple of 64 bytes.
    private static int PaddedLength(int preludeLength, int headerLength) =>
        ((preludeLength + headerLength + 1 + Alignment - 1) / Alignment * Alignment) - preludeLength;

    private readonly ref struct Payload<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> shape)
    {
        public ReadOnlySpan<T> Data { get; } = data;

        public ReadOnlySpan<int> Shape { get; } = shape;
    }
}
