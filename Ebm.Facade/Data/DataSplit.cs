namespace Ebm.Facade.Data;

/// <summary>The split the trainers' command line uses for a data file: the first 80% of the rows train, the rest test.</summary>
public static class DataSplit
{
    /// <summary>Rows [0, ⌊0.8 n⌋) (at least one) for training, the rest held out.</summary>
    /// <param name="all">[n, d] rows, n ≥ 2.</param>
    /// <param name="name">The data's name, for the message.</param>
    /// <returns>The two parts, in file order.</returns>
    public static (float[,] Train, float[,] Test) HoldOut(float[,] all, string name)
    {
        ArgumentNullException.ThrowIfNull(all);
        int n = all.GetLength(0), d = all.GetLength(1), trainCount = Math.Max(1, (int)(0.8 * n));
        if (n < 2)
            throw new ArgumentException($"{name}: at least 2 rows are needed to hold some out for testing");
        var train = new float[trainCount, d];
        var test = new float[n - trainCount, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                (i < trainCount ? train : test)[i < trainCount ? i : i - trainCount, j] = all[i, j];
        return (train, test);
    }
}
