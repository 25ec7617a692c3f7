namespace Ebm.Cli;

/// <summary>A plain-text table with left-aligned columns, for terminal summaries.</summary>
/// <param name="headers">The column headers.</param>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    /// <summary>Adds a row (one cell per header).</summary>
    /// <param name="cells">The cells.</param>
    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        rows.Add(cells);
    }

    /// <summary>Writes the header, a rule and the rows.</summary>
    /// <param name="writer">Where to write.</param>
    public void WriteTo(TextWriter writer)
    {
        int[] widths = [.. headers.Select((header, column) => rows.Select(row => row[column].Length).Append(header.Length).Max())];
        writer.WriteLine(Format(headers, widths));
        writer.WriteLine(string.Join("  ", widths.Select(width => new string('-', width))));
        foreach (var row in rows)
            writer.WriteLine(Format(row, widths));
    }

    private static string Format(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd();
}
