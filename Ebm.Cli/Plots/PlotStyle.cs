using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;

namespace Ebm.Cli.Plots;

/// <summary>The pieces the figures share: new plots in the embedded font, colours, point clouds, histograms, heat maps, traces.</summary>
internal static class PlotStyle
{
    /// <summary>The most points one scatter panel draws; larger sets are thinned evenly (and the panel title says so).</summary>
    public const int MaxScatterPoints = 20_000;

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>The colour of series <paramref name="index"/> (Category10: blue, orange, green, red, …).</summary>
    public static Color Series(int index) => Palette.GetColor(index);

    /// <summary>A new plot whose text uses the embedded font.</summary>
    /// <param name="title">Panel title, or null.</param>
    /// <param name="xLabel">Bottom axis label, or null.</param>
    /// <param name="yLabel">Left axis label, or null.</param>
    /// <param name="textSize">The size of the title; axis labels are 2 px smaller.</param>
    public static Plot NewPlot(string? title, string? xLabel, string? yLabel, float textSize = 16)
    {
        PlotFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Legend.SetBestFontOnEachRender = false;
        plot.Legend.FontName = PlotFonts.Family;
        if (title is not null)
            plot.Title(title, textSize);
        if (xLabel is not null)
            plot.XLabel(xLabel, textSize - 2);
        if (yLabel is not null)
            plot.YLabel(yLabel, textSize - 2);
        return plot;
    }

    /// <summary>Pins the space around the data area so that stacked or gridded panels line up.</summary>
    public static void FixPadding(Plot plot, float left, float right, float bottom, float top) =>
        plot.Layout.Fixed(new PixelPadding(left, right, bottom, top));

    /// <summary>Formats a count with thousands separators.</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Up to <paramref name="max"/> indices spread evenly over [0, <paramref name="count"/>).</summary>
    public static long[] Thin(long count, int max)
    {
        int kept = (int)Math.Min(count, max);
        var indices = new long[kept];
        for (int s = 0; s < kept; s++)
            indices[s] = kept == count ? s : (long)((double)s * count / kept);
        return indices;
    }

    /// <summary>"label (n = N)", or "label (N of M shown)" when the set was thinned.</summary>
    public static string PointsCaption(string label, long total) =>
        total > MaxScatterPoints ? $"{label} ({Count(MaxScatterPoints)} of {Count(total)} shown)" : $"{label} (n = {Count(total)})";

    /// <summary>Small filled circles, more transparent the more points there are; non-finite points are left out.</summary>
    public static Markers? AddPoints(Plot plot, IReadOnlyList<double> xs, IReadOnlyList<double> ys, Color color, float size = 3)
    {
        var keptX = new List<double>(xs.Count);
        var keptY = new List<double>(ys.Count);
        for (int i = 0; i < xs.Count; i++)
        {
            if (double.IsFinite(xs[i]) && double.IsFinite(ys[i]))
            {
                keptX.Add(xs[i]);
                keptY.Add(ys[i]);
            }
        }

        if (keptX.Count == 0)
            return null;
        double opacity = Math.Clamp(Math.Sqrt(2000.0 / keptX.Count), 0.1, 0.8);
        return plot.Add.Markers(keptX.ToArray(), keptY.ToArray(), MarkerShape.FilledCircle, size, color.WithOpacity(opacity));
    }

    /// <summary>A density histogram (bars whose areas sum to 1) of the finite values over <paramref name="range"/>.</summary>
    /// <returns>The height of the tallest bar.</returns>
    public static double AddHistogram(Plot plot, IReadOnlyList<double> values, AxisRange range, int bins, Color color)
    {
        var counts = new double[bins];
        double width = (range.Max - range.Min) / bins;
        long total = 0;
        foreach (double value in values)
        {
            if (!double.IsFinite(value))
                continue;
            int bin = Math.Clamp((int)Math.Floor((value - range.Min) / width), 0, bins - 1);
            counts[bin]++;
            total++;
        }

        var centres = new double[bins];
        for (int b = 0; b < bins; b++)
        {
            centres[b] = range.Min + (b + 0.5) * width;
            counts[b] = total > 0 ? counts[b] / (total * width) : 0;
        }

        var bars = plot.Add.Bars(centres, counts);
        foreach (var bar in bars.Bars)
        {
            bar.Size = width;
            bar.FillColor = color.WithOpacity(0.7);
            bar.LineWidth = 0;
        }

        return counts.Max();
    }

    /// <summary>
    /// A heat map of values[i0, i1] on the cells of the box <paramref name="x"/> × <paramref name="y"/>:
    /// i0 indexes x (left to right), i1 indexes y (bottom to top); NaN cells are transparent.
    /// </summary>
    public static Heatmap AddGridHeatmap(Plot plot, double[,] values, AxisRange x, AxisRange y)
    {
        int nx = values.GetLength(0), ny = values.GetLength(1);
        // ScottPlot's intensities are [row, column] with row 0 at the top: row = ny − 1 − i1, column = i0.
        var intensities = new double[ny, nx];
        for (int i0 = 0; i0 < nx; i0++)
        {
            for (int i1 = 0; i1 < ny; i1++)
                intensities[ny - 1 - i1, i0] = values[i0, i1];
        }

        // ScottPlot 5.1.59 throws when no cell is finite (its data range would be NaN): draw zeros, fully transparent.
        bool anyFinite = intensities.Cast<double>().Any(double.IsFinite);
        if (!anyFinite)
            Array.Clear(intensities);
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Rectangle = new CoordinateRect(x.Min, x.Max, y.Min, y.Max);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        if (!anyFinite)
            heatmap.Opacity = 0;
        return heatmap;
    }

    /// <summary>A colour bar on the right of <paramref name="heatmap"/>, unless the map is constant (then a colour bar would have no ticks).</summary>
    public static void AddColorBar(Plot plot, Heatmap heatmap, string label, float labelSize)
    {
        var range = AxisRange.Of(heatmap.Intensities.Cast<double>());
        if (!(range.Max > range.Min))
            return;
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = label;
        colorBar.LabelStyle.FontSize = labelSize;
    }

    /// <summary>Trace lines (value against draw index) of the given chains, one colour each, labelled for a legend.</summary>
    public static void AddTraces(Plot plot, IReadOnlyList<double[]> chains, IReadOnlyList<int> chainIds, bool label)
    {
        for (int k = 0; k < chains.Count; k++)
        {
            var signal = plot.Add.Signal(chains[k]);
            signal.Color = Series(k);
            signal.LineWidth = 1;
            signal.MarkerSize = 0;
            if (label)
                signal.LegendText = $"chain {chainIds[k]}";
        }
    }

    /// <summary>Sets both axes' limits.</summary>
    public static void SetLimits(Plot plot, AxisRange x, AxisRange y) => plot.Axes.SetLimits(x.Min, x.Max, y.Min, y.Max);
}
