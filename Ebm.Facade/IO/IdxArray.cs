using System.Buffers.Binary;

namespace Ebm.Facade.IO;

/// <summary>An array read from an IDX file: its element type, its shape (C order) and its values as the file stores them (big-endian).</summary>
public sealed class IdxArray
{
    private readonly byte[] data;

    internal IdxArray(IdxDType type, int[] shape, byte[] data)
    {
        Type = type;
        Shape = shape;
        this.data = data;
    }

    /// <summary>The element type.</summary>
    public IdxDType Type { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of elements.</summary>
    public long Count => data.LongLength / IdxFile.SizeOf(Type);

    /// <summary>The values as float32, each multiplied by <paramref name="scale"/> (1/255 maps bytes to [0, 1]).</summary>
    /// <param name="scale">The factor.</param>
    /// <returns>The values in C order.</returns>
    public float[] ToSingle(double scale = 1)
    {
        var values = new float[Count];
        for (long i = 0; i < values.LongLength; i++)
            values[i] = (float)(ValueAt(i) * scale);
        return values;
    }

    /// <summary>The values as integers (labels).</summary>
    /// <returns>The values in C order.</returns>
    /// <exception cref="EbmFormatException">The array holds floating-point values.</exception>
    public int[] ToInt32()
    {
        if (Type is IdxDType.Float32 or IdxDType.Float64)
            throw new EbmFormatException($"an IDX array of {Type} values does not hold integers");
        var values = new int[Count];
        for (long i = 0; i < values.LongLength; i++)
            values[i] = (int)ValueAt(i);
        return values;
    }

    private double ValueAt(long i) => Type switch
    {
        IdxDType.UInt8 => data[i],
        IdxDType.Int8 => (sbyte)data[i],
        IdxDType.Int16 => BinaryPrimitives.ReadInt16BigEndian(data.AsSpan((int)(2 * i), 2)),
        IdxDType.Int32 => BinaryPrimitives.ReadInt32BigEndian(data.AsSpan((int)(4 * i), 4)),
        IdxDType.Float32 => BinaryPrimitives.ReadSingleBigEndian(data.AsSpan((int)(4 * i), 4)),
        _ => BinaryPrimitives.ReadDoubleBigEndian(data.AsSpan((int)(8 * i), 8)),
    };
}
