using System.Buffers.Binary;

namespace Ebm.Tests.Cli.Plots;

/// <summary>Reads a PNG's size from its signature and IHDR chunk, without an image library.</summary>
internal static class PngFile
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The width and height of the PNG <paramref name="bytes"/>; fails the test when they are not a PNG.</summary>
    public static (int Width, int Height) Size(byte[] bytes)
    {
        Assert.That(bytes.Length, Is.GreaterThan(33), "too short for a PNG");
        Assert.That(bytes.AsSpan(0, 8).ToArray(), Is.EqualTo(Signature), "PNG signature");
        // The first chunk: 4-byte length (13), "IHDR", width and height as big-endian 32-bit integers.
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)), Is.EqualTo(13), "IHDR length");
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 12, 4), Is.EqualTo("IHDR"));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
