namespace Ebm.Facade.IO;

/// <summary>One tensor of a safetensors file: element type, C-order shape and little-endian bytes.</summary>
/// <remarks>
/// Build one with the typed factories (<see cref="FromSingle"/> and the like) and read it back with the
/// matching accessor. An accessor for another element type throws <see cref="EbmFormatException"/>, except
/// that <see cref="ToSingle"/> and <see cref="ToDouble"/> convert between F32 and F64.
/// </remarks>
public sealed class SafeTensor
{
    private readonly byte[] _data;

    internal SafeTensor(SafeTensorDType dtype, int[] shape, byte[] data)
    {
        DType = dtype;
        Shape = Array.AsReadOnly(shape);
        ElementCount = data.Length / SafeTensorDTypeInfo.Size(dtype);
        _data = data;
    }

    /// <summary>The element type.</summary>
    public SafeTensorDType DType { get; }

    /// <summary>The dimensions, outermost first (C order); empty for a scalar.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of elements, the product of <see cref="Shape"/>.</summary>
    public long ElementCount { get; }

    /// <summary>The raw little-endian bytes, as stored in the file.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>A float32 (F32) tensor holding a copy of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the shape's element count differs from the data length.</exception>
    public static SafeTensor FromSingle(ReadOnlySpan<float> data, params int[] shape) => Create(SafeTensorDType.F32, data, shape);

    /// <summary>A float64 (F64) tensor holding a copy of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the shape's element count differs from the data length.</exception>
    public static SafeTensor FromDouble(ReadOnlySpan<double> data, params int[] shape) => Create(SafeTensorDType.F64, data, shape);

    /// <summary>An int32 (I32) tensor holding a copy of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the shape's element count differs from the data length.</exception>
    public static SafeTensor FromInt32(ReadOnlySpan<int> data, params int[] shape) => Create(SafeTensorDType.I32, data, shape);

    /// <summary>A uint32 (U32) tensor holding a copy of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the shape's element count differs from the data length.</exception>
    public static SafeTensor FromUInt32(ReadOnlySpan<uint> data, params int[] shape) => Create(SafeTensorDType.U32, data, shape);

    /// <summary>An int64 (I64) tensor holding a copy of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the shape's element count differs from the data length.</exception>
    public static SafeTensor FromInt64(ReadOnlySpan<long> data, params int[] shape) => Create(SafeTensorDType.I64, data, shape);

    /// <summary>The values as floats; F64 values are narrowed.</summary>
    /// <exception cref="EbmFormatException">The tensor is neither F32 nor F64.</exception>
    public float[] ToSingle() => DType == SafeTensorDType.F64
        ? Array.ConvertAll(Values<double>(SafeTensorDType.F64), value => (float)value)
        : Values<float>(SafeTensorDType.F32);

    /// <summary>The values as doubles; F32 values are widened.</summary>
    /// <exception cref="EbmFormatException">The tensor is neither F32 nor F64.</exception>
    public double[] ToDouble() => DType == SafeTensorDType.F32
        ? Array.ConvertAll(Values<float>(SafeTensorDType.F32), value => (double)value)
        : Values<double>(SafeTensorDType.F64);

    /// <summary>The values of an I32 tensor.</summary>
    /// <exception cref="EbmFormatException">The tensor is not I32.</exception>
    public int[] ToInt32() => Values<int>(SafeTensorDType.I32);

    /// <summary>The values of a U32 tensor.</summary>
    /// <exception cref="EbmFormatException">The tensor is not U32.</exception>
    public uint[] ToUInt32() => Values<uint>(SafeTensorDType.U32);

    /// <summary>The values of an I64 tensor.</summary>
    /// <exception cref="EbmFormatException">The tensor is not I64.</exception>
    public long[] ToInt64() => Values<long>(SafeTensorDType.I64);

    private static SafeTensor Create<T>(SafeTensorDType dtype, ReadOnlySpan<T> data, int[] shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shapes.RequireMatch(data.Length, shape, nameof(shape));
        return new SafeTensor(dtype, (int[])shape.Clone(), LittleEndian.ToBytes(data));
    }

    private T[] Values<T>(SafeTensorDType expected)
        where T : unmanaged
    {
        if (DType != expected)
        {
            throw new EbmFormatException($"the tensor has dtype {DType} but {expected} was expected");
        }

        return LittleEndian.FromBytes<T>(_data);
    }
}
