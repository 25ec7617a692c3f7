using System.Globalization;
using System.Text;

namespace Ebm.Facade.IO;

/// <summary>The parsed header dict of an NPY file: element type and C-order shape.</summary>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The dimensions, outermost first; empty for a 0-d scalar.</param>
/// <param name="Count">The number of elements, the product of <paramref name="Shape"/>.</param>
internal sealed record NpyHeader(NpyDType DType, int[] Shape, long Count)
{
    /// <summary>Bytes of data that follow the header.</summary>
    public long ByteCount => Count * ElementSize(DType);

    /// <summary>Bytes per element of <paramref name="dtype"/>.</summary>
    public static int ElementSize(NpyDType dtype) => dtype == NpyDType.Float32 ? sizeof(float) : sizeof(double);

    /// <summary>
    /// Reads the dict <c>{'descr': ..., 'fortran_order': ..., 'shape': ...}</c>, accepting only
    /// <c>'&lt;f4'</c> and <c>'&lt;f8'</c> in C order with a shape whose element count fits a .NET array.
    /// </summary>
    public static NpyHeader Parse(string text, string? path)
    {
        var dict = PythonLiteralParser.ParseDict(text, path);
        foreach (var key in dict.Keys)
        {
            if (key is not ("descr" or "fortran_order" or "shape"))
            {
                throw new EbmFormatException($"the NPY header has an unexpected key '{key}'", path);
            }
        }

        var dtype = ParseDType(Required(dict, "descr", path), path);
        if (Required(dict, "fortran_order", path) is not bool fortranOrder)
        {
            throw new EbmFormatException("the NPY header's 'fortran_order' is not True or False", path);
        }

        if (fortranOrder)
        {
            throw new EbmFormatException(
                "fortran_order is True (column-major data) which is not supported; save a C-ordered array (np.ascontiguousarray)", path);
        }

        var (shape, count) = ParseShape(Required(dict, "shape", path), path);
        return new NpyHeader(dtype, shape, count);
    }

    /// <summary>Formats the header dict the way NumPy writes it, without padding.</summary>
    public static string Format(NpyDType dtype, ReadOnlySpan<int> shape)
    {
        var text = new StringBuilder("{'descr': '");
        text.Append(dtype == NpyDType.Float32 ? "<f4" : "<f8").Append("', 'fortran_order': False, 'shape': (");
        text.AppendJoin(", ", shape.ToArray());
        if (shape.Length == 1)
        {
            text.Append(','); // a 1-tuple is written (5,)
        }

        return text.Append("), }").ToString();
    }

    private static object? Required(Dictionary<string, object?> dict, string key, string? path) =>
        dict.TryGetValue(key, out var value) ? value : throw new EbmFormatException($"the NPY header lacks the key '{key}'", path);

    private static NpyDType ParseDType(object? descr, string? path) => descr switch
    {
        "<f4" => NpyDType.Float32,
        "<f8" => NpyDType.Float64,
        ">f4" or ">f8" => throw new EbmFormatException(
            $"big-endian dtype '{descr}' is not supported; save little-endian data (arr.astype('<{((string)descr)[1..]}'))", path),
        string other => throw new EbmFormatException(
            $"unsupported dtype '{other}'; only '<f4' (float32) and '<f8' (float64) are supported", path),
        _ => throw new EbmFormatException("unsupported dtype: structured or non-string 'descr' values are not supported", path),
    };

    private static (int[] Shape, long Count) ParseShape(object? value, string? path)
    {
        if (value is not PythonTuple tuple)
        {
            throw new EbmFormatException("the NPY header's 'shape' is not a tuple", path);
        }

        var shape = new int[tuple.Items.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            if (tuple.Items[i] is not long dimension)
            {
                throw new EbmFormatException($"shape dimension {i} is not an integer", path);
            }

            if (dimension is < 0 or > int.MaxValue)
            {
                throw new EbmFormatException($"shape dimension {i} is {dimension}, outside 0..{int.MaxValue} (negative or too large)", path);
            }

            shape[i] = (int)dimension;
        }

        if (shape.Contains(0))
        {
            return (shape, 0);
        }

        long count = 1;
        foreach (int dimension in shape)
        {
            if (count > Array.MaxLength / dimension)
            {
                throw new EbmFormatException(
                    $"shape {Shapes.Describe(shape)} has more than {Array.MaxLength} elements, too many for one array", path);
            }

            count *= dimension;
        }

        return (shape, count);
    }
}
