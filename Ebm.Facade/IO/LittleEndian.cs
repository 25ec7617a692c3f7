using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ebm.Facade.IO;

/// <summary>Moves arrays of 4- and 8-byte numbers to and from little-endian bytes, whatever the host's byte order.</summary>
internal static class LittleEndian
{
    private const int ChunkElements = 8192;

    /// <summary>Writes <paramref name="values"/> to <paramref name="stream"/> as little-endian bytes.</summary>
    public static void Write<T>(Stream stream, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<T> chunk = new T[Math.Min(values.Length, ChunkElements)];
        for (int start = 0; start < values.Length; start += chunk.Length)
        {
            var part = chunk[..Math.Min(chunk.Length, values.Length - start)];
            values.Slice(start, part.Length).CopyTo(part);
            Reverse(part);
            stream.Write(MemoryMarshal.AsBytes(part));
        }
    }

    /// <summary>Copies <paramref name="values"/> into a new array of little-endian bytes.</summary>
    public static byte[] ToBytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            Reverse(MemoryMarshal.Cast<byte, T>(bytes.AsSpan()));
        }

        return bytes;
    }

    /// <summary>Decodes little-endian <paramref name="bytes"/> into a new array of <typeparamref name="T"/>.</summary>
    public static T[] FromBytes<T>(ReadOnlySpan<byte> bytes)
        where T : unmanaged
    {
        var values = MemoryMarshal.Cast<byte, T>(bytes).ToArray();
        FromLittleEndianInPlace(values);
        return values;
    }

    /// <summary>Turns values just read as little-endian bytes into host order, in place.</summary>
    public static void FromLittleEndianInPlace<T>(Span<T> values)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            Reverse(values);
        }
    }

    private static void Reverse<T>(Span<T> values)
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() == sizeof(uint))
        {
            var words = MemoryMarshal.Cast<T, uint>(values);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
        else
        {
            var words = MemoryMarshal.Cast<T, ulong>(values);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }
}
