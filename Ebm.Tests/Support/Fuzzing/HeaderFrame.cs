using System.Buffers.Binary;

namespace Ebm.Tests.Support.Fuzzing;

/// <summary>
/// Where a file keeps its text header: a little-endian length field of <paramref name="LengthBytes"/> bytes at
/// <paramref name="LengthOffset"/>, and the header text from <paramref name="HeaderStart"/> on. A JSON file is all
/// header and has no length field (<paramref name="LengthBytes"/> = 0).
/// </summary>
/// <param name="LengthOffset">Where the length field starts.</param>
/// <param name="LengthBytes">The length field's size: 0 (none), 2, 4 or 8.</param>
/// <param name="HeaderStart">Where the header text starts.</param>
internal sealed record HeaderFrame(int LengthOffset, int LengthBytes, int HeaderStart)
{
    /// <summary>A file that is all text (a JSON spec).</summary>
    public static HeaderFrame WholeFile { get; } = new(0, 0, 0);

    /// <summary>The safetensors frame: an 8-byte length, then the JSON header.</summary>
    public static HeaderFrame SafeTensors { get; } = new(0, 8, 8);

    /// <summary>The NPY frame of <paramref name="bytes"/>: a 2-byte length in version 1, a 4-byte one in versions 2 and 3.</summary>
    public static HeaderFrame Npy(byte[] bytes) => bytes.Length > 6 && bytes[6] >= 2 ? new(8, 4, 12) : new(8, 2, 10);

    /// <summary>The header's length in <paramref name="bytes"/>, or null when the field or the header does not fit.</summary>
    public int? HeaderLength(byte[] bytes)
    {
        if (LengthBytes == 0)
            return bytes.Length;
        if (bytes.Length < Math.Max(LengthOffset + LengthBytes, HeaderStart))
            return null;
        var field = bytes.AsSpan(LengthOffset, LengthBytes);
        ulong length = LengthBytes switch
        {
            2 => BinaryPrimitives.ReadUInt16LittleEndian(field),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(field),
        };
        return length <= (ulong)(bytes.Length - HeaderStart) ? (int)length : null;
    }

    /// <summary>Writes <paramref name="value"/> into the length field of <paramref name="bytes"/> (truncated to the field's size).</summary>
    public void WriteLength(byte[] bytes, ulong value)
    {
        var field = bytes.AsSpan(LengthOffset, LengthBytes);
        switch (LengthBytes)
        {
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)value);
                break;
            case 4:
                BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)value);
                break;
            case 8:
                BinaryPrimitives.WriteUInt64LittleEndian(field, value);
                break;
        }
    }
}
