using System.Buffers.Binary;
using System.IO.Compression;

namespace Ebm.Facade.IO;

/// <summary>
/// Reads IDX files (the MNIST and Fashion-MNIST format), plain or gzip-compressed (recognised by the gzip magic, not by
/// the name): two zero bytes, a type code, the number of dimensions, each dimension as a big-endian int32, then the
/// values in C order, big-endian.
/// </summary>
/// <remarks>
/// Files are untrusted. Every malformed, truncated or oversized file raises <see cref="EbmFormatException"/>; a plain
/// file's declared size is checked against its length before anything is allocated, and a compressed one's buffer grows
/// only with the bytes that really decompress, up to the declared size, so neither a lying header nor a gzip bomb makes
/// it allocate more than the data it holds. Bytes after the declared data are refused too.
/// </remarks>
public static class IdxFile
{
    /// <summary>The most dimensions a file may declare.</summary>
    public const int MaxDimensions = 16;

    private const int FirstChunk = 1 << 20;

    /// <summary>Reads the IDX file at <paramref name="path"/>.</summary>
    /// <param name="path">The file, plain or gzip-compressed.</param>
    /// <returns>Its array.</returns>
    /// <exception cref="EbmFormatException">The file is malformed, truncated, has trailing bytes or is too large.</exception>
    /// <exception cref="FileNotFoundException">There is no such file: "PATH does not exist".</exception>
    public static IdxArray Read(string path)
    {
        using var stream = InputFile.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>The bytes of one element.</summary>
    /// <param name="type">The type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    public static int SizeOf(IdxDType type) => type switch
    {
        IdxDType.UInt8 or IdxDType.Int8 => 1,
        IdxDType.Int16 => 2,
        IdxDType.Int32 or IdxDType.Float32 => 4,
        _ => 8,
    };

    private static IdxArray Read(Stream stream, string path)
    {
        var start = new byte[2];
        int got = stream.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        if (got == 2 && start[0] == 0x1F && start[1] == 0x8B)
        {
            using var unzipped = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            try
            {
                return Parse(unzipped, path, plainLength: null);
            }
            catch (InvalidDataException e)
            {
                throw new EbmFormatException($"the gzip data is corrupt ({e.Message})", path, e);
            }
        }
        return Parse(stream, path, stream.Length);
    }

    // The header, then the data; plainLength is the file's length when it is not compressed (sizes are then checked first).
    private static IdxArray Parse(Stream stream, string path, long? plainLength)
    {
        var magic = ReadExactly(stream, 4, "the magic number", path);
        if (magic[0] != 0 || magic[1] != 0)
            throw new EbmFormatException($"not an IDX file: it starts with 0x{magic[0]:X2} 0x{magic[1]:X2}, not two zero bytes", path);
        var type = (IdxDType)magic[2];
        if (!Enum.IsDefined(type))
            throw new EbmFormatException($"unknown IDX type code 0x{magic[2]:X2} (0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E)", path);
        int rank = magic[3];
        if (rank is < 1 or > MaxDimensions)
            throw new EbmFormatException($"an IDX file has 1 to {MaxDimensions} dimensions; this one declares {rank}", path);
        var dims = ReadExactly(stream, 4 * rank, $"the {rank} dimensions", path);
        var shape = new int[rank];
        long count = 1;
        for (int k = 0; k < rank; k++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(dims.AsSpan(4 * k, 4));
            if (size > int.MaxValue)
                throw new EbmFormatException($"dimension {k} declares {size} elements, more than {int.MaxValue}", path);
            shape[k] = (int)size;
            count *= size;
            if (count * SizeOf(type) > Array.MaxLength)
                throw new EbmFormatException($"the shape [{string.Join(", ", shape.Take(k + 1))}{(k + 1 < rank ? ", …" : "")}] of {type} values needs more than {Array.MaxLength} bytes", path);
        }
        long bytes = count * SizeOf(type);
        long header = 4 + 4L * rank;
        if (plainLength is long length && length - header != bytes)
        {
            throw new EbmFormatException(length - header < bytes
                ? $"the file is truncated: the data of shape [{string.Join(", ", shape)}] needs {bytes} bytes but only {length - header} remain"
                : $"{length - header - bytes} bytes follow the data of shape [{string.Join(", ", shape)}]", path);
        }
        var data = ReadGrowing(stream, bytes, $"the data of shape [{string.Join(", ", shape)}]", path);
        if (stream.ReadByte() >= 0)
            throw new EbmFormatException($"bytes follow the data of shape [{string.Join(", ", shape)}]", path);
        return new IdxArray(type, shape, data);
    }

    private static byte[] ReadExactly(Stream stream, int count, string what, string path)
    {
        var buffer = new byte[count];
        int read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        if (read < count)
            throw new EbmFormatException($"the file is truncated: {what} needs {count} bytes but only {read} remain", path);
        return buffer;
    }

    // Reads count bytes into a buffer that doubles as they arrive, so that a short stream is found before the declared size is allocated.
    private static byte[] ReadGrowing(Stream stream, long count, string what, string path)
    {
        var buffer = new byte[Math.Min(count, FirstChunk)];
        long filled = 0;
        while (filled < count)
        {
            if (filled == buffer.LongLength)
                Array.Resize(ref buffer, (int)Math.Min(count, 2 * buffer.LongLength));
            int read = stream.Read(buffer, (int)filled, (int)(buffer.LongLength - filled));
            if (read == 0)
                throw new EbmFormatException($"the file is truncated: {what} needs {count} bytes but only {filled} remain", path);
            filled += read;
        }
        return buffer;
    }
}
