using System.Buffers.Binary;
using System.IO.Compression;
using Ebm.Facade.IO;

namespace Ebm.Tests.Support;

/// <summary>IDX files written byte by byte, as the format's description gives them, for the reader's tests.</summary>
internal static class IdxBytes
{
    /// <summary>Two zero bytes, the type code, the rank, the big-endian dimensions, then <paramref name="payload"/> as given.</summary>
    public static byte[] Of(IdxDType type, int[] shape, byte[] payload)
    {
        var bytes = new byte[4 + 4 * shape.Length + payload.Length];
        bytes[2] = (byte)type;
        bytes[3] = (byte)shape.Length;
        for (int k = 0; k < shape.Length; k++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * k, 4), shape[k]);
        payload.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    /// <summary>An unsigned-byte array of <paramref name="shape"/> whose element i is <paramref name="value"/>(i).</summary>
    public static byte[] UInt8(int[] shape, Func<int, byte> value) =>
        Of(IdxDType.UInt8, shape, [.. Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(value)]);

    /// <summary><paramref name="bytes"/> gzip-compressed.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            zip.Write(bytes);
        return compressed.ToArray();
    }
}
