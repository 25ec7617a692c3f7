using ScottPlot;

namespace Ebm.Cli.Plots;

/// <summary>Two density histograms on one axis: the energies of data points and of model samples (a training run's checkpoint picture).</summary>
internal static class EnergyHistogramFigure
{
    private const int Bins = 50;

    /// <summary>Renders the figure (900×500).</summary>
    /// <param name="dataEnergies">E of data points.</param>
    /// <param name="sampleEnergies">E of samples.</param>
    /// <param name="title">The figure title.</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] Render(IReadOnlyList<double> dataEnergies, IReadOnlyList<double> sampleEnergies, string title)
    {
        var range = AxisRange.Of(dataEnergies.Concat(sampleEnergies)).Widen(0.05);
        var plot = PlotStyle.NewPlot(null, "energy E(x)", "density", textSize: 15);
        PlotStyle.FixPadding(plot, left: 80, right: 30, bottom: 55, top: 20);
        double tallest = Math.Max(
            PlotStyle.AddHistogram(plot, dataEnergies, range, Bins, PlotStyle.Series(1)),
            PlotStyle.AddHistogram(plot, sampleEnergies, range, Bins, PlotStyle.Series(3)));
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"data ({dataEnergies.Count})", FillColor = PlotStyle.Series(1) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"samples ({sampleEnergies.Count})", FillColor = PlotStyle.Series(3) });
        plot.ShowLegend(Alignment.UpperRight);
        PlotStyle.SetLimits(plot, range, new AxisRange(0, tallest > 0 ? 1.1 * tallest : 1));
        return Figure.RenderPng(900, 500, title, (canvas, area) => Figure.RenderGrid(canvas, area, 1, 1, [(plot, 0, 0)]));
    }
}
