using Ebm.Facade.IO;
using ScottPlot;
using SkiaSharp;

namespace Ebm.Cli.Plots;

/// <summary>Renders plots onto one PNG canvas, under an optional figure title, and writes PNG files atomically.</summary>
internal static class Figure
{
    /// <summary>The height of the band that holds the figure title, in pixels.</summary>
    public const float TitleHeight = 44;

    /// <summary>The size of the figure title, in pixels.</summary>
    public const float TitleSize = 20;

    /// <summary>Renders one PNG: a white canvas, the title centred in a band at the top, then whatever <paramref name="draw"/> draws below it.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="title">The figure title; none when null or blank.</param>
    /// <param name="draw">Draws the content into the rectangle it is given (the canvas below the title band).</param>
    /// <returns>The PNG file's bytes.</returns>
    public static byte[] RenderPng(int width, int height, string? title, Action<SKCanvas, PixelRect> draw)
    {
        PlotFonts.EnsureRegistered();
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}×{height} raster surface");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        bool titled = !string.IsNullOrWhiteSpace(title);
        var area = new PixelRect(left: 0, right: width, bottom: height, top: titled ? TitleHeight : 0);
        canvas.Save();
        canvas.ClipRect(area.ToSKRect());
        draw(canvas, area);
        canvas.Restore();
        if (titled)
        {
            // After the content: ScottPlot fills the whole canvas with the figure background when it renders.
            using var band = new SKPaint { Color = SKColors.White };
            canvas.DrawRect(0, 0, width, TitleHeight, band);
            using var font = new SKFont(PlotFonts.Bold, TitleSize);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(title, width / 2f, (TitleHeight + TitleSize * 0.7f) / 2, SKTextAlign.Center, font, paint);
        }

        canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the figure as PNG");
        return data.ToArray();
    }

    /// <summary>Renders <paramref name="plots"/> into <paramref name="area"/> as a grid (a ScottPlot <see cref="Multiplot"/>).</summary>
    /// <param name="canvas">The canvas.</param>
    /// <param name="area">Where the grid goes.</param>
    /// <param name="rows">Rows of the grid.</param>
    /// <param name="columns">Columns of the grid.</param>
    /// <param name="plots">Each plot with its zero-based row and column; cells without a plot stay blank.</param>
    public static void RenderGrid(SKCanvas canvas, PixelRect area, int rows, int columns, IEnumerable<(Plot Plot, int Row, int Column)> plots)
    {
        var multiplot = new Multiplot();
        foreach (var existing in multiplot.GetPlots())
            multiplot.RemovePlot(existing);
        var layout = new ScottPlot.MultiplotLayouts.CustomGrid();
        foreach (var (plot, row, column) in plots)
        {
            multiplot.AddPlot(plot);
            layout.Set(plot, new GridCell(row, column, rows, columns));
        }

        multiplot.Layout = layout;
        // ScottPlot 5.1.59's grid layouts place cells from the rectangle's size alone (its offset is dropped), so
        // move the origin to the area's corner and render into a rectangle that starts at (0, 0).
        canvas.Save();
        canvas.Translate(area.Left, area.Top);
        multiplot.Render(canvas, new PixelRect(left: 0, right: area.Width, bottom: area.Height, top: 0));
        canvas.Restore();
    }

    /// <summary>Writes <paramref name="png"/> to <paramref name="path"/> through a temporary file in the same folder and a rename.</summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="png">The bytes.</param>
    public static void Write(string path, byte[] png) =>
        AtomicFile.Write(path, png, static (stream, bytes) => stream.Write(bytes));
}
