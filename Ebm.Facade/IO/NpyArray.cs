namespace Ebm.Facade.IO;

/// <summary>An array read from an NPY file: its element type, C-order shape and values.</summary>
/// <remarks>The values are kept in their stored type; the accessors return fresh copies, converted when asked for the other type.</remarks>
public sealed class NpyArray
{
    private readonly float[]? _single;
    private readonly double[]? _double;

    internal NpyArray(float[] data, int[] shape)
    {
        _single = data;
        Shape = Array.AsReadOnly(shape);
    }

    internal NpyArray(double[] data, int[] shape)
    {
        _double = data;
        Shape = Array.AsReadOnly(shape);
    }

    /// <summary>The element type stored in the file.</summary>
    public NpyDType DType => _single is null ? NpyDType.Float64 : NpyDType.Float32;

    /// <summary>The dimensions, outermost first (C order); empty for a 0-d scalar.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of elements, the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long Length => _single?.Length ?? _double!.Length;

    /// <summary>A new array of the values in C order, narrowed to <see cref="float"/> if they are stored as doubles.</summary>
    public float[] ToSingle() => _single is null ? Array.ConvertAll(_double!, value => (float)value) : (float[])_single.Clone();

    /// <summary>A new array of the values in C order, widened to <see cref="double"/> if they are stored as floats.</summary>
    public double[] ToDouble() => _double is null ? Array.ConvertAll(_single!, value => (double)value) : (double[])_double.Clone();
}
