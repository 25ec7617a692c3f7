using Ebm.Kernels.Random;

namespace Ebm.Facade.Data;

/// <summary>
/// The bars-and-stripes images (MacKay 2003): n × n binary images in which every row is all on or all off (stripes), or
/// every column is (bars). Flattened row-major into n² units in {0, 1}.
/// </summary>
/// <remarks>
/// There are 2ⁿ stripe images and 2ⁿ bar images; the empty and the full image are both, so there are 2ⁿ⁺¹ − 2 distinct
/// patterns. <see cref="Patterns"/> lists each distinct pattern once and <see cref="Generate"/> samples them uniformly
/// (so the empty and full images are not twice as likely, unlike sampling "bars or stripes, then lines" which gives the
/// 2ⁿ⁺¹ images with duplicates). The entropy of the uniform distribution, log(2ⁿ⁺¹ − 2), bounds the average
/// log-likelihood of any model from above by −log(2ⁿ⁺¹ − 2).
/// </remarks>
public static class BarsAndStripes
{
    /// <summary>The largest side accepted (2¹⁶ patterns of 256 units).</summary>
    public const int MaxSide = 15;

    /// <summary>Every distinct n × n pattern: stripes first (row mask 0 … 2ⁿ − 1), then the bars that are not also stripes.</summary>
    /// <param name="side">n, 1 … <see cref="MaxSide"/>.</param>
    /// <returns>[2ⁿ⁺¹ − 2, n²] rows of 0/1 (for n = 1, the 2 one-pixel images).</returns>
    public static float[,] Patterns(int side)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(side, MaxSide);
        var rows = new List<float[]>();
        int full = (1 << side) - 1;
        for (int mask = 0; mask <= full; mask++)
            rows.Add(Image(side, mask, stripes: true));
        for (int mask = 1; mask < full; mask++) // 0 and full are already listed as stripes
            rows.Add(Image(side, mask, stripes: false));
        var result = new float[rows.Count, side * side];
        for (int r = 0; r < rows.Count; r++)
            for (int i = 0; i < side * side; i++)
                result[r, i] = rows[r][i];
        return result;
    }

    /// <summary>The number of distinct patterns, 2ⁿ⁺¹ − 2 (2 for n = 1).</summary>
    /// <param name="side">n.</param>
    /// <returns>The count.</returns>
    public static int PatternCount(int side) => side == 1 ? 2 : (1 << (side + 1)) - 2;

    /// <summary><paramref name="count"/> patterns drawn uniformly (with replacement) from the distinct ones, by Philox stream 0 of <paramref name="seed"/>.</summary>
    /// <param name="side">n.</param>
    /// <param name="count">The number of images.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>[count, n²].</returns>
    public static float[,] Generate(int side, int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var patterns = Patterns(side);
        int distinct = patterns.GetLength(0), units = patterns.GetLength(1);
        var result = new float[count, units];
        var random = new PhiloxStream(seed, 0, 0);
        for (int n = 0; n < count; n++)
        {
            int pick = (int)(random.NextUInt() % (uint)distinct);
            for (int i = 0; i < units; i++)
                result[n, i] = patterns[pick, i];
        }
        return result;
    }

    private static float[] Image(int side, int mask, bool stripes)
    {
        var image = new float[side * side];
        for (int r = 0; r < side; r++)
            for (int c = 0; c < side; c++)
                image[r * side + c] = ((mask >> (stripes ? r : c)) & 1) != 0 ? 1 : 0;
        return image;
    }
}
