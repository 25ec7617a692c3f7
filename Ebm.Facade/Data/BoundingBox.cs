namespace Ebm.Facade.Data;

/// <summary>The axis-aligned box around a set of points, widened by a margin.</summary>
public static class BoundingBox
{
    /// <summary>Per-coordinate [min − m·extent, max + m·extent] of <paramref name="points"/> (extent at least 1e-3).</summary>
    /// <param name="points">[N, d] points, N ≥ 1.</param>
    /// <param name="margin">m, the fraction of the extent added on each side.</param>
    /// <returns>The lower and upper corners.</returns>
    public static (double[] Lower, double[] Upper) Of(float[,] points, double margin)
    {
        ArgumentNullException.ThrowIfNull(points);
        int d = points.GetLength(1);
        var lower = new double[d];
        var upper = new double[d];
        for (int j = 0; j < d; j++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int n = 0; n < points.GetLength(0); n++)
            {
                min = Math.Min(min, points[n, j]);
                max = Math.Max(max, points[n, j]);
            }
            double extent = Math.Max(max - min, 1e-3);
            lower[j] = min - margin * extent;
            upper[j] = max + margin * extent;
        }
        return (lower, upper);
    }
}
