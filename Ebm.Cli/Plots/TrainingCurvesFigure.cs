using ScottPlot;

namespace Ebm.Cli.Plots;

/// <summary>Training curves as stacked panels sharing the iteration axis: loss; mean energies; NLL when it was evaluated.</summary>
internal static class TrainingCurvesFigure
{
    /// <summary>Figure width in pixels.</summary>
    public const int Width = 1000;

    /// <summary>Figure height in pixels.</summary>
    public const int Height = 900;

    /// <summary>Renders the figure for a validated history.</summary>
    public static byte[] Render(TrainingHistory history, string title)
    {
        var iterations = history.Iterations.Select(i => (double)i).ToArray();
        var nllIterations = history.NllIterations.Select(i => (double)i).ToArray();
        var x = AxisRange.Of(iterations.Concat(nllIterations)).Widen(0.02);
        bool hasNll = history.Nll.Count > 0;

        var loss = Panel("loss", "loss", x, history.Loss);
        AddSeries(loss, iterations, history.Loss, PlotStyle.Series(0), null, markers: false);

        var energies = Panel("mean energy", "mean E", x, history.PositiveEnergy.Concat(history.NegativeEnergy));
        AddSeries(energies, iterations, history.PositiveEnergy, PlotStyle.Series(1), "data (positive phase)", markers: false);
        AddSeries(energies, iterations, history.NegativeEnergy, PlotStyle.Series(3), "model samples (negative phase)", markers: false);
        energies.ShowLegend(Alignment.UpperRight);

        var panels = new List<Plot> { loss, energies };
        if (hasNll)
        {
            var nll = Panel("negative log-likelihood", "NLL (nats)", x, history.Nll);
            AddSeries(nll, nllIterations, history.Nll, PlotStyle.Series(2), null, markers: true);
            panels.Add(nll);
        }

        panels[^1].XLabel("iteration", 14);
        return Figure.RenderPng(Width, Height, title, (canvas, area) =>
            Figure.RenderGrid(canvas, area, panels.Count, 1, panels.Select((plot, row) => (plot, row, 0))));
    }

    private static Plot Panel(string title, string yLabel, AxisRange x, IEnumerable<double> values)
    {
        var plot = PlotStyle.NewPlot(title, null, yLabel, textSize: 15);
        PlotStyle.FixPadding(plot, left: 95, right: 30, bottom: 50, top: 35);
        PlotStyle.SetLimits(plot, x, AxisRange.Of(values).Widen(0.08));
        return plot;
    }

    private static void AddSeries(Plot plot, IReadOnlyList<double> xs, IReadOnlyList<double> ys, Color color, string? legend, bool markers)
    {
        var keptX = new List<double>();
        var keptY = new List<double>();
        for (int i = 0; i < xs.Count; i++)
        {
            if (double.IsFinite(xs[i]) && double.IsFinite(ys[i]))
            {
                keptX.Add(xs[i]);
                keptY.Add(ys[i]);
            }
        }

        if (keptX.Count == 0)
            return;
        var line = plot.Add.ScatterLine(keptX.ToArray(), keptY.ToArray(), color);
        line.LineWidth = 1.5f;
        line.MarkerSize = markers ? 6 : 0;
        if (legend is not null)
            line.LegendText = legend;
    }
}
