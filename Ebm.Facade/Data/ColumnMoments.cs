namespace Ebm.Facade.Data;

/// <summary>The per-coordinate mean and sample standard deviation of a set of points.</summary>
public static class ColumnMoments
{
    /// <summary>Mean and sample standard deviation (divisor N − 1) of every column of <paramref name="points"/>.</summary>
    /// <param name="points">[N, d] points; with N = 0 the means are 0, with N ≤ 1 the deviations are 0.</param>
    /// <returns>d means and d standard deviations.</returns>
    public static (double[] Mean, double[] StandardDeviation) Of(float[,] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int n = points.GetLength(0), d = points.GetLength(1);
        var mean = new double[d];
        var deviation = new double[d];
        for (int j = 0; j < d; j++)
        {
            double sum = 0, squares = 0;
            for (int i = 0; i < n; i++)
                sum += points[i, j];
            mean[j] = n > 0 ? sum / n : 0;
            for (int i = 0; i < n; i++)
                squares += (points[i, j] - mean[j]) * (points[i, j] - mean[j]);
            deviation[j] = n > 1 ? Math.Sqrt(squares / (n - 1)) : 0;
        }
        return (mean, deviation);
    }
}
