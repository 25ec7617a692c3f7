namespace Ebm.Cli.Plots;

/// <summary>One connected piece of a contour line: a polyline through the given points.</summary>
/// <param name="Xs">The x coordinates.</param>
/// <param name="Ys">The y coordinates.</param>
/// <param name="Closed">Whether the line is a loop (its last point joins its first, which is not repeated).</param>
internal sealed record ContourPath(double[] Xs, double[] Ys, bool Closed);
