namespace Ebm.Facade.Models;

/// <summary>
/// Validation helpers shared by the specs: values the float32 kernels can compute with, and matching sizes, with messages
/// naming the field. The kernels square distances and scales, so values are kept within 1e±18 (squares within 1e±36, well
/// inside float32's normal range of 1.2e-38 … 3.4e38); a spec finite in float64 but not in float32 arithmetic is refused
/// instead of sampling NaN.
/// </summary>
internal static class SpecChecks
{
    /// <summary>The largest magnitude of a location value, and the largest scale.</summary>
    public const double Largest = 1e18;

    /// <summary>The smallest scale.</summary>
    public const double Smallest = 1e-18;

    /// <summary>Every value finite and within ±1e18; the first that is not is named field[index].</summary>
    public static void Finite(IEnumerable<double> values, string field)
    {
        int index = 0;
        foreach (double value in values)
            RequireFinite(value, $"{field}[{index++}]", field);
    }

    /// <summary>A scalar field: finite and within ±1e18.</summary>
    public static void Finite(double value, string field) => RequireFinite(value, field, field);

    /// <summary>Every value a scale within 1e−18 … 1e18; the first that is not is named field[index].</summary>
    public static void Positive(IEnumerable<double> values, string field)
    {
        int index = 0;
        foreach (double value in values)
            RequireScale(value, $"{field}[{index++}]", field);
    }

    /// <summary>A scalar scale within 1e−18 … 1e18.</summary>
    public static void Positive(double value, string field) => RequireScale(value, field, field);

    private static void RequireFinite(double value, string name, string field)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{name} is {value}; every value must be finite", field);
        if (Math.Abs(value) > Largest)
            throw new ArgumentException($"{name} is {value}; values beyond ±{Largest:G} overflow float32 arithmetic when squared", field);
    }

    private static void RequireScale(double value, string name, string field)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentException($"{name} is {value}; every value must be positive and finite", field);
        if (value is < Smallest or > Largest)
            throw new ArgumentException($"{name} is {value}; scales outside {Smallest:G} … {Largest:G} underflow or overflow float32 arithmetic when squared", field);
    }

    /// <summary>Refuses a matrix the kernels would hold in float32 with entries beyond 1e36 in magnitude (tiny entries merely round to 0).</summary>
    /// <param name="matrix">The matrix, as uploaded.</param>
    /// <param name="field">The spec field it comes from.</param>
    /// <param name="what">What the matrix is ("the precision").</param>
    public static void Float32Matrix(double[,] matrix, string field, string what)
    {
        for (int i = 0; i < matrix.GetLength(0); i++)
        {
            for (int j = 0; j < matrix.GetLength(1); j++)
            {
                double value = Math.Abs(matrix[i, j]);
                if (value > Largest * Largest)
                    throw new ArgumentException($"{field} gives {what} an entry [{i}, {j}] of {matrix[i, j]:G3}, beyond the float32 range the kernels compute in (1e36); rescale the model", field);
            }
        }
    }

    public static void Length(int actual, int expected, string field)
    {
        if (actual != expected)
            throw new ArgumentException($"{field} has {actual} values; expected {expected}", field);
    }

    public static float[] ToSingle(IEnumerable<double> values) => [.. values.Select(value => (float)value)];
}
