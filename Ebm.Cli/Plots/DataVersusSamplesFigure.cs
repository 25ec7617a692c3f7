using ScottPlot;

namespace Ebm.Cli.Plots;

/// <summary>Training data and model samples as two scatter panels with the same axes.</summary>
/// <remarks>
/// The axes frame the data (widened by a third of its extent): a few samples far out in a model's tails would
/// otherwise shrink the picture of where the mass is. The samples panel says how many fall outside the frame.
/// </remarks>
internal static class DataVersusSamplesFigure
{
    /// <summary>Figure width in pixels.</summary>
    public const int Width = 1200;

    /// <summary>Figure height in pixels.</summary>
    public const int Height = 600;

    /// <summary>Renders the figure.</summary>
    public static byte[] Render(float[,] data, float[,] samples, string title)
    {
        var x = AxisRange.Of(Column(data, 0)).Widen(0.33);
        var y = AxisRange.Of(Column(data, 1)).Widen(0.33);
        string suffix = data.GetLength(1) > 2 ? $" of {data.GetLength(1)}" : "";
        int outside = Enumerable.Range(0, samples.GetLength(0)).Count(n =>
            !(samples[n, 0] >= x.Min && samples[n, 0] <= x.Max && samples[n, 1] >= y.Min && samples[n, 1] <= y.Max));
        var left = Panel(data, "training data", PlotStyle.Series(0), x, y, suffix);
        var right = Panel(samples, outside > 0 ? $"model samples, {outside:N0} beyond the frame" : "model samples", PlotStyle.Series(1), x, y, suffix);
        return Figure.RenderPng(Width, Height, title, (canvas, area) =>
            Figure.RenderGrid(canvas, area, 1, 2, [(left, 0, 0), (right, 0, 1)]));
    }

    private static Plot Panel(float[,] points, string label, Color color, AxisRange x, AxisRange y, string dimensionSuffix)
    {
        long count = points.GetLength(0);
        var plot = PlotStyle.NewPlot(PlotStyle.PointsCaption(label, count), $"x[0]{dimensionSuffix}", $"x[1]{dimensionSuffix}");
        var kept = PlotStyle.Thin(count, PlotStyle.MaxScatterPoints);
        PlotStyle.AddPoints(plot, kept.Select(n => (double)points[n, 0]).ToArray(), kept.Select(n => (double)points[n, 1]).ToArray(), color);
        PlotStyle.FixPadding(plot, left: 75, right: 25, bottom: 55, top: 40);
        PlotStyle.SetLimits(plot, x, y);
        return plot;
    }

    private static IEnumerable<double> Column(float[,] points, int column)
    {
        for (int n = 0; n < points.GetLength(0); n++)
            yield return points[n, column];
    }
}
