namespace Ebm.Facade.Models;

/// <summary>Validation helpers shared by the specs: finite values and matching sizes, with messages naming the field.</summary>
internal static class SpecChecks
{
    public static void Finite(IEnumerable<double> values, string field)
    {
        int index = 0;
        foreach (double value in values)
        {
            if (!double.IsFinite(value))
                throw new ArgumentException($"{field}[{index}] is {value}; every value must be finite", field);
            index++;
        }
    }

    public static void Positive(IEnumerable<double> values, string field)
    {
        int index = 0;
        foreach (double value in values)
        {
            if (!(value > 0) || !double.IsFinite(value))
                throw new ArgumentException($"{field}[{index}] is {value}; every value must be positive and finite", field);
            index++;
        }
    }

    public static void Length(int actual, int expected, string field)
    {
        if (actual != expected)
            throw new ArgumentException($"{field} has {actual} values; expected {expected}", field);
    }

    public static float[] ToSingle(IEnumerable<double> values) => [.. values.Select(value => (float)value)];
}
