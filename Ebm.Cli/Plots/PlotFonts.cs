using ScottPlot;
using SkiaSharp;

namespace Ebm.Cli.Plots;

/// <summary>The font every plot uses: DejaVu Sans, embedded in this assembly and registered with ScottPlot once.</summary>
/// <remarks>
/// SkiaSharp's <c>NativeAssets.Linux.NoDependencies</c> build has no fontconfig: its font manager only scans
/// <c>/usr/share/fonts</c>. Where that folder is empty (a minimal container) ScottPlot gets an empty typeface and
/// draws every title, label and tick number as nothing, without an error; where it is not, ScottPlot picks the
/// first family it finds (DejaVu Serif on Debian). Registering the embedded font first in
/// <see cref="Fonts.FontResolvers"/> and making it <see cref="Fonts.Default"/> gives the same text everywhere.
/// This changes ScottPlot's process-wide font settings, which is what a command-line program wants.
/// </remarks>
internal static class PlotFonts
{
    /// <summary>The family name plots ask for.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<(SKTypeface Regular, SKTypeface Bold)> Typefaces = new(LoadTypefaces, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lock Gate = new();
    private static bool registered;

    /// <summary>DejaVu Sans (regular).</summary>
    public static SKTypeface Regular => Typefaces.Value.Regular;

    /// <summary>DejaVu Sans Bold.</summary>
    public static SKTypeface Bold => Typefaces.Value.Bold;

    /// <summary>Registers the embedded font with ScottPlot; call before creating a <see cref="Plot"/> (labels take the default font when created).</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (registered)
                return;
            var (regular, bold) = Typefaces.Value;
            Fonts.FontResolvers.Insert(0, new BundledFontResolver(Family, regular, bold));
            Fonts.Default = Family;
            Fonts.Sans = Family;
            registered = true;
        }
    }

    private static (SKTypeface Regular, SKTypeface Bold) LoadTypefaces() =>
        (Load("Ebm.Cli.Plots.Fonts.DejaVuSans.ttf"), Load("Ebm.Cli.Plots.Fonts.DejaVuSans-Bold.ttf"));

    private static SKTypeface Load(string resource)
    {
        using var stream = typeof(PlotFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the embedded font {resource} is missing from {typeof(PlotFonts).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.GetBuffer().AsSpan(0, (int)copy.Length));
        var typeface = SKTypeface.FromData(data);
        if (typeface is null || typeface.GlyphCount == 0)
            throw new InvalidOperationException($"SkiaSharp could not load the embedded font {resource}");
        return typeface;
    }
}
