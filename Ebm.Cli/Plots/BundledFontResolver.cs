using ScottPlot;
using SkiaSharp;

namespace Ebm.Cli.Plots;

/// <summary>Answers ScottPlot's requests for one family (and for an empty name) with the embedded typefaces.</summary>
/// <param name="family">The family name it answers for.</param>
/// <param name="regularTypeface">The regular typeface.</param>
/// <param name="boldTypeface">The bold typeface, for weights from semi-bold up.</param>
/// <remarks>
/// An empty name is what ScottPlot's font detection returns when the system has no font at all; answering it
/// keeps such text visible. Italic requests get the upright face. Other names fall through to the next resolver.
/// </remarks>
internal sealed class BundledFontResolver(string family, SKTypeface regularTypeface, SKTypeface boldTypeface) : IFontResolver
{
    /// <inheritdoc />
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        Answers(fontName) ? (weight >= FontWeight.SemiBold ? boldTypeface : regularTypeface) : null;

    /// <inheritdoc />
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        Answers(fontName) ? (bold ? boldTypeface : regularTypeface) : null;

    private bool Answers(string? fontName) =>
        string.IsNullOrWhiteSpace(fontName) || string.Equals(fontName, family, StringComparison.OrdinalIgnoreCase);
}
