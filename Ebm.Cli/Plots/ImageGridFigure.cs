using ScottPlot;
using SkiaSharp;

namespace Ebm.Cli.Plots;

/// <summary>Grayscale images (values in [0, 1], 1 white) in a grid of <see cref="Columns"/> columns, each magnified without smoothing.</summary>
internal static class ImageGridFigure
{
    /// <summary>Images per row of the grid.</summary>
    public const int Columns = 8;

    private const int Gap = 4;

    /// <summary>Renders the first up to <see cref="Columns"/>² rows of <paramref name="images"/> as <paramref name="height"/> × <paramref name="width"/> images.</summary>
    /// <param name="images">[n, height·width] row-major pixels; values outside [0, 1] are clamped, non-finite ones drawn black.</param>
    /// <param name="height">Image rows.</param>
    /// <param name="width">Image columns.</param>
    /// <param name="title">The figure title.</param>
    /// <returns>The PNG bytes.</returns>
    public static byte[] Render(float[,] images, int height, int width, string title)
    {
        int count = Math.Min(images.GetLength(0), Columns * Columns), rows = (count + Columns - 1) / Columns;
        int scale = Math.Max(1, 96 / Math.Max(height, width));
        int cellWidth = width * scale + Gap, cellHeight = height * scale + Gap;
        int figureWidth = Math.Max(Columns * cellWidth + Gap, 480);
        return Figure.RenderPng(figureWidth, (int)Figure.TitleHeight + rows * cellHeight + Gap, title, (canvas, area) =>
        {
            using var background = new SKPaint { Color = new SKColor(96, 96, 96) };
            canvas.DrawRect(area.ToSKRect(), background);
            using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
            for (int n = 0; n < count; n++)
            {
                var pixels = bitmap.GetPixelSpan();
                for (int p = 0; p < height * width; p++)
                {
                    float value = images[n, p];
                    pixels[p] = float.IsFinite(value) ? (byte)Math.Round(255 * Math.Clamp(value, 0f, 1f)) : (byte)0;
                }
                bitmap.NotifyPixelsChanged();
                float left = area.Left + Gap + n % Columns * cellWidth, top = area.Top + Gap + n / Columns * cellHeight;
                using var image = SKImage.FromBitmap(bitmap);
                canvas.DrawImage(image, new SKRect(left, top, left + width * scale, top + height * scale), new SKSamplingOptions(SKFilterMode.Nearest));
            }
        });
    }
}
