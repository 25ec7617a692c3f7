using System.Numerics;

namespace Ebm.Facade.Diagnostics;

/// <summary>The transformations of [chain, draw] arrays that the diagnostics share: checks, splitting, folding, quantiles.</summary>
internal static class DrawArrays
{
    /// <summary>The fewest draws per chain for which the diagnostics are defined (as in ArviZ).</summary>
    public const int MinDraws = 4;

    /// <summary>
    /// Whether the diagnostics are defined for <paramref name="draws"/>: no NaN, at least <see cref="MinDraws"/>
    /// draws per chain and at least <paramref name="minChains"/> chains.
    /// </summary>
    public static bool IsUsable(double[,] draws, int minChains)
    {
        ArgumentNullException.ThrowIfNull(draws);
        if (draws.GetLength(0) < minChains || draws.GetLength(1) < MinDraws)
        {
            return false;
        }

        foreach (double value in draws)
        {
            if (double.IsNaN(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Splits each chain into its first and last ⌊n/2⌋ draws (dropping the middle draw when n is odd):
    /// the first halves of all chains come first, then the second halves.
    /// </summary>
    public static double[,] Split(double[,] draws)
    {
        int m = draws.GetLength(0), n = draws.GetLength(1), half = n / 2;
        var split = new double[2 * m, half];
        for (int c = 0; c < m; c++)
        {
            for (int i = 0; i < half; i++)
            {
                split[c, i] = draws[c, i];
                split[m + c, i] = draws[c, n - half + i];
            }
        }

        return split;
    }

    /// <summary>|x − median| for every value, the median taken over all values.</summary>
    public static double[,] Fold(double[,] values)
    {
        var scratch = Flatten(values);
        int count = scratch.Length;
        var (lower, upper) = OrderStatistics(scratch, (count - 1) / 2);
        double median = count % 2 == 1 ? lower : (lower + upper) / 2; // as NumPy's median
        return Map(values, value => Math.Abs(value - median));
    }

    /// <summary>1 where a value is at most <paramref name="threshold"/>, else 0.</summary>
    public static double[,] AtMost(double[,] values, double threshold) => Map(values, value => value <= threshold ? 1.0 : 0.0);

    /// <summary>The values row by row (chain by chain) in one array.</summary>
    public static double[] Flatten(double[,] values)
    {
        var flat = new double[values.Length];
        Buffer.BlockCopy(values, 0, flat, 0, values.Length * sizeof(double));
        return flat;
    }

    /// <summary>
    /// The <paramref name="probability"/> quantile of the values in <paramref name="scratch"/> (which it reorders) by
    /// linear interpolation between order statistics at position (N − 1)·p: NumPy's default method, R's type 7.
    /// </summary>
    public static double Quantile(Span<double> scratch, double probability)
    {
        double position = (scratch.Length - 1) * probability;
        int below = (int)Math.Floor(position);
        var (a, b) = OrderStatistics(scratch, below);
        double fraction = position - below, difference = b - a;
        return fraction >= 0.5 ? b - (difference * (1 - fraction)) : a + (difference * fraction); // NumPy's _lerp
    }

    /// <summary>
    /// The k-th smallest value (0-based) of <paramref name="scratch"/> and the next one (the k-th again when k is last),
    /// found in expected linear time by quickselect; reorders <paramref name="scratch"/>, which must hold no NaN.
    /// </summary>
    public static (double Kth, double Next) OrderStatistics(Span<double> scratch, int k)
    {
        int lo = 0, hi = scratch.Length - 1;
        int budget = (2 * BitOperations.Log2((uint)scratch.Length)) + 16;
        while (hi > lo)
        {
            if (budget-- == 0)
            {
                scratch[lo..(hi + 1)].Sort(); // pathological pivots: fall back to O(n log n)
                break;
            }

            // Hoare partition around the median of three: afterwards [lo, j] <= pivot <= [i, hi], (j, i) == pivot.
            double pivot = MedianOfThree(scratch[lo], scratch[lo + ((hi - lo) / 2)], scratch[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (scratch[i] < pivot)
                {
                    i++;
                }

                while (scratch[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (scratch[i], scratch[j]) = (scratch[j], scratch[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }

        // Everything after position k is now >= scratch[k], so the next order statistic is their minimum.
        double next = double.PositiveInfinity;
        foreach (double value in scratch[(k + 1)..])
        {
            next = Math.Min(next, value);
        }

        return (scratch[k], k + 1 < scratch.Length ? next : scratch[k]);
    }

    /// <summary>Sample variance with n − 1 in the denominator; NaN for fewer than two values.</summary>
    public static double Variance(ReadOnlySpan<double> values)
    {
        if (values.Length < 2)
        {
            return double.NaN;
        }

        double mean = Mean(values), sum = 0;
        foreach (double value in values)
        {
            sum += (value - mean) * (value - mean);
        }

        return sum / (values.Length - 1);
    }

    /// <summary>The arithmetic mean.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }

    private static double MedianOfThree(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    private static double[,] Map(double[,] values, Func<double, double> map)
    {
        var result = new double[values.GetLength(0), values.GetLength(1)];
        for (int c = 0; c < values.GetLength(0); c++)
        {
            for (int i = 0; i < values.GetLength(1); i++)
            {
                result[c, i] = map(values[c, i]);
            }
        }

        return result;
    }
}
