using ScottPlot;

namespace Ebm.Cli.Plots;

/// <summary>
/// An overview of MCMC draws laid out [draws, chains, d]: marginals, pairwise scatters and trace plots.
/// </summary>
/// <remarks>
/// d = 1: a histogram over all draws above a trace plot. d = 2: a scatter and a 2-D histogram of all draws above
/// trace plots of both coordinates. d ≥ 3: a corner plot of the first <see cref="MaxPairDimensions"/> coordinates
/// (histograms on the diagonal, pairwise scatters below it) above trace plots of those coordinates.
/// Trace plots show the first <see cref="MaxTracedChains"/> chains.
/// </remarks>
internal static class SamplesOverviewFigure
{
    /// <summary>Figure width in pixels.</summary>
    public const int Width = 1200;

    /// <summary>The most coordinates the corner plot shows.</summary>
    public const int MaxPairDimensions = 4;

    /// <summary>The most chains a trace plot shows.</summary>
    public const int MaxTracedChains = 4;

    private const int HistogramBins = 60;

    /// <summary>Figure height in pixels for draws of dimension <paramref name="dimension"/>.</summary>
    public static int HeightFor(int dimension) => dimension switch
    {
        1 => 800,
        2 => 1000,
        _ => 1300,
    };

    /// <summary>Renders the figure (validated inputs).</summary>
    public static byte[] Render(float[] draws, int drawCount, int chains, int dimension, string? title)
    {
        var set = new DrawSet(draws, drawCount, chains, dimension);
        string shape = $"{PlotStyle.Count(drawCount)} draws × {PlotStyle.Count(chains)} chains, d = {dimension}";
        if (dimension > MaxPairDimensions)
            shape += $", x[0]–x[{MaxPairDimensions - 1}] shown";
        if (chains > MaxTracedChains)
            shape += $", chains 0–{MaxTracedChains - 1} traced";
        string heading = string.IsNullOrWhiteSpace(title) ? shape : $"{title} ({shape})";
        var cells = new List<(Plot Plot, int Row, int Column)>();
        int rows, columns;
        if (dimension == 1)
        {
            rows = 2;
            columns = 1;
            cells.Add((Histogram(set, 0), 0, 0));
            cells.Add((Trace(set, 0, legend: true), 1, 0));
        }
        else if (dimension == 2)
        {
            rows = 2;
            columns = 2;
            cells.Add((Scatter(set, 0, 1), 0, 0));
            cells.Add((Histogram2D(set, 0, 1), 0, 1));
            cells.Add((Trace(set, 0, legend: true), 1, 0));
            cells.Add((Trace(set, 1, legend: false), 1, 1));
        }
        else
        {
            int k = Math.Min(dimension, MaxPairDimensions);
            rows = k + 1;
            columns = k;
            for (int row = 0; row < k; row++)
            {
                for (int column = 0; column <= row; column++)
                    cells.Add((row == column ? Histogram(set, row) : Scatter(set, column, row), row, column));
            }

            for (int j = 0; j < k; j++)
                cells.Add((Trace(set, j, legend: j == 0), k, j));
        }

        foreach (var (plot, _, _) in cells)
        {
            bool hasColorBar = plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>().Any();
            PlotStyle.FixPadding(plot, left: 70, right: hasColorBar ? 115 : 20, bottom: 50, top: 32);
        }
        return Figure.RenderPng(Width, HeightFor(dimension), heading, (canvas, area) => Figure.RenderGrid(canvas, area, rows, columns, cells));
    }

    private static Plot Histogram(DrawSet set, int j)
    {
        var plot = PlotStyle.NewPlot($"marginal of x[{j}]", $"x[{j}]", "density", textSize: 14);
        var values = set.Pooled(j);
        var range = set.Range(j); // as the scatters in its column
        double tallest = PlotStyle.AddHistogram(plot, values, range, HistogramBins, PlotStyle.Series(0));
        PlotStyle.SetLimits(plot, range, new AxisRange(0, tallest > 0 ? tallest * 1.08 : 1));
        return plot;
    }

    private static Plot Scatter(DrawSet set, int jx, int jy)
    {
        long total = set.PooledCount;
        var plot = PlotStyle.NewPlot(PlotStyle.PointsCaption($"x[{jy}] against x[{jx}]", total), $"x[{jx}]", $"x[{jy}]", textSize: 14);
        var kept = PlotStyle.Thin(total, PlotStyle.MaxScatterPoints);
        PlotStyle.AddPoints(plot, kept.Select(k => set.Value(k, jx)).ToArray(), kept.Select(k => set.Value(k, jy)).ToArray(), PlotStyle.Series(0));
        PlotStyle.SetLimits(plot, set.Range(jx), set.Range(jy));
        return plot;
    }

    private static Plot Histogram2D(DrawSet set, int jx, int jy)
    {
        var plot = PlotStyle.NewPlot("2-D histogram of all draws", $"x[{jx}]", $"x[{jy}]", textSize: 14);
        var x = set.Range(jx);
        var y = set.Range(jy);
        var counts = new double[HistogramBins, HistogramBins];
        double widthX = (x.Max - x.Min) / HistogramBins, widthY = (y.Max - y.Min) / HistogramBins;
        for (long k = 0; k < set.PooledCount; k++)
        {
            double vx = set.Value(k, jx), vy = set.Value(k, jy);
            if (!double.IsFinite(vx) || !double.IsFinite(vy))
                continue;
            int bx = Math.Clamp((int)((vx - x.Min) / widthX), 0, HistogramBins - 1);
            int by = Math.Clamp((int)((vy - y.Min) / widthY), 0, HistogramBins - 1);
            counts[bx, by]++;
        }

        for (int bx = 0; bx < HistogramBins; bx++)
        {
            for (int by = 0; by < HistogramBins; by++)
            {
                if (counts[bx, by] == 0)
                    counts[bx, by] = double.NaN;
            }
        }

        var heatmap = PlotStyle.AddGridHeatmap(plot, counts, x, y);
        PlotStyle.AddColorBar(plot, heatmap, "draws per bin", 12);
        PlotStyle.SetLimits(plot, x, y);
        return plot;
    }

    private static Plot Trace(DrawSet set, int j, bool legend)
    {
        int traced = Math.Min(set.Chains, MaxTracedChains);
        var plot = PlotStyle.NewPlot($"trace of x[{j}]", "draw", $"x[{j}]", textSize: 14);
        var chainIds = Enumerable.Range(0, traced).ToArray();
        PlotStyle.AddTraces(plot, chainIds.Select(c => set.Chain(c, j)).ToArray(), chainIds, label: legend);
        plot.Axes.AutoScale();
        if (legend)
            plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Read access to draws laid out [draw, chain, coordinate], row-major.</summary>
    private sealed class DrawSet(float[] draws, int drawCount, int chains, int dimension)
    {
        private readonly Dictionary<int, AxisRange> ranges = [];

        public int Chains => chains;

        /// <summary>Draws of all chains together (draw-major).</summary>
        public long PooledCount => (long)drawCount * chains;

        /// <summary>Coordinate <paramref name="j"/> of pooled draw <paramref name="k"/> = draw·chains + chain.</summary>
        public double Value(long k, int j) => draws[k * dimension + j];

        /// <summary>The range of coordinate <paramref name="j"/> over all draws, widened by 5% (computed once).</summary>
        public AxisRange Range(int j)
        {
            if (!ranges.TryGetValue(j, out var range))
            {
                range = AxisRange.Of(Enumerate(j)).Widen(0.05);
                ranges[j] = range;
            }

            return range;
        }

        private IEnumerable<double> Enumerate(int j)
        {
            for (long k = 0; k < PooledCount; k++)
                yield return Value(k, j);
        }

        public double[] Pooled(int j)
        {
            var values = new double[PooledCount];
            for (long k = 0; k < values.LongLength; k++)
                values[k] = Value(k, j);
            return values;
        }

        public double[] Chain(int chain, int j)
        {
            var values = new double[drawCount];
            for (int n = 0; n < drawCount; n++)
                values[n] = Value((long)n * chains + chain, j);
            return values;
        }
    }
}
