namespace Ebm.Facade.Sampling;

/// <summary>Per-coordinate running mean and variance (Welford), for the diagonal mass matrix.</summary>
/// <param name="dimension">d.</param>
public sealed class WelfordVariance(int dimension)
{
    private readonly double[] mean = new double[dimension];
    private readonly double[] squares = new double[dimension];
    private long count;

    /// <summary>Adds every row of a row-major [n, d] array, skipping rows with a non-finite value.</summary>
    /// <param name="rows">The rows.</param>
    public void AddAll(ReadOnlySpan<float> rows)
    {
        for (int offset = 0; offset + dimension <= rows.Length; offset += dimension)
        {
            var row = rows.Slice(offset, dimension);
            bool finite = true;
            foreach (float value in row)
                finite &= float.IsFinite(value);
            if (!finite)
                continue;
            count++;
            for (int j = 0; j < dimension; j++)
            {
                double delta = row[j] - mean[j];
                mean[j] += delta / count;
                squares[j] += delta * (row[j] - mean[j]);
            }
        }
    }

    /// <summary>Stan's regularised estimate: n/(n + 5) · var + 10⁻³ · 5/(n + 5), or ones when nothing was added.</summary>
    /// <returns>d variances.</returns>
    public float[] RegularizedVariance()
    {
        if (count < 2)
            return [.. Enumerable.Repeat(1f, dimension)];
        double n = count;
        return [.. squares.Select(sum => (float)(n / (n + 5) * (sum / (n - 1)) + 1e-3 * 5 / (n + 5)))];
    }
}
