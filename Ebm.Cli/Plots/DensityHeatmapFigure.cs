using System.Globalization;
using ScottPlot;

namespace Ebm.Cli.Plots;

/// <summary>A 2-D density on a grid as a heat map with highest-density-region contours, a colour bar and optional points on top.</summary>
internal static class DensityHeatmapFigure
{
    /// <summary>Figure width in pixels.</summary>
    public const int Width = 800;

    /// <summary>Figure height in pixels.</summary>
    public const int Height = 700;

    /// <summary>The mass fractions whose highest-density regions get a contour line.</summary>
    public static readonly IReadOnlyList<double> MassFractions = [0.5, 0.9, 0.99];

    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted];

    /// <summary>Builds the plot (validated inputs: 2-D bounds, densities of length resolution², index i0·resolution + i1).</summary>
    public static Plot Create(IReadOnlyList<double> lower, IReadOnlyList<double> upper, int resolution, IReadOnlyList<double> densities, string title, float[,]? overlay)
    {
        var x = new AxisRange(lower[0], upper[0]);
        var y = new AxisRange(lower[1], upper[1]);
        var values = new double[resolution, resolution];
        for (int i0 = 0; i0 < resolution; i0++)
        {
            for (int i1 = 0; i1 < resolution; i1++)
            {
                double density = densities[i0 * resolution + i1];
                values[i0, i1] = double.IsFinite(density) ? density : double.NaN;
            }
        }

        var plot = PlotStyle.NewPlot(title, "x[0]", "x[1]");
        var heatmap = PlotStyle.AddGridHeatmap(plot, values, x, y);
        PlotStyle.AddColorBar(plot, heatmap, "density p(x) = exp(−E(x)) / Z", 14);

        AddContours(plot, values, x, y, resolution, densities);
        if (overlay is not null)
        {
            long count = overlay.GetLength(0);
            var kept = PlotStyle.Thin(count, PlotStyle.MaxScatterPoints);
            var markers = PlotStyle.AddPoints(plot, kept.Select(n => (double)overlay[n, 0]).ToArray(), kept.Select(n => (double)overlay[n, 1]).ToArray(), Color.FromHex("#ff3b3b"));
            if (markers is not null)
                markers.LegendText = PlotStyle.PointsCaption("points", count);
        }

        plot.Legend.Alignment = Alignment.UpperRight;
        plot.Legend.BackgroundColor = Color.FromHex("#303030").WithOpacity(0.8);
        plot.Legend.FontColor = Colors.White;
        plot.Legend.OutlineColor = Colors.Transparent;
        plot.Legend.SymbolWidth = 36; // long enough to tell the solid, dashed and dotted contours apart
        plot.ShowLegend();
        PlotStyle.SetLimits(plot, x, y);
        return plot;
    }

    /// <summary>Renders a plot from <see cref="Create"/>.</summary>
    public static byte[] Render(Plot plot) => Figure.RenderPng(Width, Height, null, (canvas, area) => plot.Render(canvas, area));

    private static void AddContours(Plot plot, double[,] values, AxisRange x, AxisRange y, int resolution, IReadOnlyList<double> densities)
    {
        double width0 = (x.Max - x.Min) / resolution, width1 = (y.Max - y.Min) / resolution;
        var xs = Enumerable.Range(0, resolution).Select(i => x.Min + (i + 0.5) * width0).ToArray();
        var ys = Enumerable.Range(0, resolution).Select(i => y.Min + (i + 0.5) * width1).ToArray();
        var levels = DensityLevels.HighestDensity(densities, MassFractions);
        for (int k = 0; k < levels.Length; k++)
        {
            bool labelled = false;
            foreach (var path in MarchingSquares.Trace(xs, ys, values, levels[k]))
            {
                if (path.Xs.Length < 2)
                    continue;
                var line = plot.Add.ScatterLine(
                    path.Closed ? [.. path.Xs, path.Xs[0]] : path.Xs,
                    path.Closed ? [.. path.Ys, path.Ys[0]] : path.Ys,
                    Colors.White);
                line.LineWidth = 1.6f;
                line.LinePattern = Patterns[k % Patterns.Length];
                line.MarkerSize = 0;
                if (!labelled)
                {
                    line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{MassFractions[k] * 100:0.#}% highest-density region");
                    labelled = true;
                }
            }
        }
    }
}
