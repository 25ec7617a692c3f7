using System.Globalization;
using System.Text.Json;

namespace Ebm.Facade.Models;

/// <summary>
/// One JSON object of a model spec with typed, checked accessors: every failure is an
/// <see cref="InvalidModelSpecException"/> naming the field (e.g. <c>covariance[1][0]</c>) and the problem.
/// </summary>
internal sealed class SpecObject
{
    private readonly Dictionary<string, JsonElement> fields = new(StringComparer.Ordinal);
    private readonly string? specPath;

    public SpecObject(JsonElement element, string? specPath)
    {
        this.specPath = specPath;
        if (element.ValueKind != JsonValueKind.Object)
            throw Error($"the spec must be a JSON object such as {{\"energy\": \"gaussian\", ...}}, not {Describe(element)}");
        foreach (var property in element.EnumerateObject())
        {
            if (!fields.TryAdd(property.Name, property.Value))
                throw Error($"field '{property.Name}' appears twice");
        }
    }

    public InvalidModelSpecException Error(string message, Exception? inner = null) => new(message, specPath, inner);

    public bool Has(string name) => fields.ContainsKey(name);

    /// <summary>Rejects fields outside <paramref name="allowed"/>, which catches misspelt optional fields.</summary>
    public void RejectUnknown(string kind, IReadOnlyCollection<string> allowed)
    {
        foreach (string name in fields.Keys)
        {
            if (!allowed.Contains(name))
                throw Error($"unknown field '{name}' for energy '{kind}'; its fields are: {string.Join(", ", allowed)}");
        }
    }

    public string Text(string name) => Text(Require(name), name);

    public string Text(string name, string fallback) => fields.TryGetValue(name, out var element) ? Text(element, name) : fallback;

    public double Number(string name) => Number(Require(name), name);

    public double Number(string name, double fallback) => fields.TryGetValue(name, out var element) ? Number(element, name) : fallback;

    public int Integer(string name) => Integer(Require(name), name);

    public double[] Vector(string name) => [.. Items(Require(name), name).Select((item, i) => Number(item, $"{name}[{i}]"))];

    public int[] IntegerVector(string name) => [.. Items(Require(name), name).Select((item, i) => Integer(item, $"{name}[{i}]"))];

    /// <summary>An array of arrays of numbers, rows possibly of different lengths (the spec constructors check them).</summary>
    public double[][] Rows(string name) =>
        [.. Items(Require(name), name).Select((row, r) => Items(row, $"{name}[{r}]").Select((item, c) => Number(item, $"{name}[{r}][{c}]")).ToArray())];

    /// <summary>A rectangular array of arrays of numbers.</summary>
    public double[,] Matrix(string name)
    {
        double[][] rows = Rows(name);
        int columns = rows.Length == 0 ? 0 : rows[0].Length;
        for (int r = 1; r < rows.Length; r++)
        {
            if (rows[r].Length != columns)
                throw Error($"'{name}' is not a rectangular matrix: row {r} has {rows[r].Length} values but row 0 has {columns}");
        }
        var matrix = new double[rows.Length, columns];
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < columns; c++)
                matrix[r, c] = rows[r][c];
        return matrix;
    }

    private JsonElement Require(string name) =>
        fields.TryGetValue(name, out var element) ? element : throw Error($"missing field '{name}'");

    private string Text(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Error($"'{where}' must be a string, not {Describe(element)}");

    private JsonElement[] Items(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray()] : throw Error($"'{where}' must be an array, not {Describe(element)}");

    private double Number(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (element.TryGetDouble(out double value) && double.IsFinite(value))
                return value;
            throw Error($"'{where}' is {element.GetRawText()}, which is outside the float64 range: every value must be finite");
        }
        if (element.ValueKind == JsonValueKind.String && IsNonFiniteName(element.GetString()!))
            throw Error($"'{where}' is the string \"{element.GetString()}\": every value must be a finite number (NaN and infinities are not allowed)");
        throw Error($"'{where}' must be a number, not {Describe(element)}");
    }

    private int Integer(JsonElement element, string where)
    {
        double value = Number(element, where);
        if (value != Math.Floor(value))
            throw Error($"'{where}' must be an integer, not {value.ToString("R", CultureInfo.InvariantCulture)}");
        if (value is < int.MinValue or > int.MaxValue)
            throw Error($"'{where}' is {value.ToString("R", CultureInfo.InvariantCulture)}, beyond the integers this engine takes (±{int.MaxValue:N0})");
        return (int)value;
    }

    private static bool IsNonFiniteName(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsFinite(value)
        || text.Trim().TrimStart('+', '-').ToLowerInvariant() is "nan" or "inf" or "infinity";

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => element.GetRawText(),
    };
}
