namespace Ebm.Facade.Diagnostics;

/// <summary>Replaces draws by normal scores of their ranks, pooled over all chains.</summary>
internal static class RankNormalization
{
    /// <summary>Blom's offset in (r − 3/8) / (N + 1/4).</summary>
    private const double Offset = 3.0 / 8.0;

    /// <summary>
    /// z = Φ⁻¹((r − 3/8) / (N − 2·3/8 + 1)) for each value, r its rank among all N values (1-based, ties
    /// given the average of their ranks).
    /// </summary>
    public static double[,] NormalScores(double[,] values)
    {
        var keys = DrawArrays.Flatten(values);
        var order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        int count = keys.Length;
        var scores = new double[count];
        for (int start = 0; start < count;)
        {
            int end = start + 1;
            while (end < count && keys[end] == keys[start])
            {
                end++;
            }

            double rank = ((start + 1) + end) / 2.0; // average of the 1-based ranks start+1 … end
            double score = NormalQuantile.Evaluate((rank - Offset) / (count - (2 * Offset) + 1));
            for (int k = start; k < end; k++)
            {
                scores[order[k]] = score;
            }

            start = end;
        }

        var result = new double[values.GetLength(0), values.GetLength(1)];
        Buffer.BlockCopy(scores, 0, result, 0, count * sizeof(double));
        return result;
    }
}
