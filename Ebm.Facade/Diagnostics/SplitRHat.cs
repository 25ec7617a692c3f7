namespace Ebm.Facade.Diagnostics;

/// <summary>The rank-normalised split-R̂ convergence diagnostic of Vehtari et al. (2021).</summary>
/// <remarks>
/// Each chain is split in half; the split chains are rank-normalised (normal scores of the pooled ranks,
/// Blom's offset 3/8) and the classic potential scale reduction sqrt((B/W + n − 1)/n) is computed from them
/// (bulk R̂) and from the rank-normalised folded draws |x − median| (tail R̂). The result is the larger
/// of the two. Values above about 1.01 signal chains that have not mixed.
/// Vehtari, Gelman, Simpson, Carpenter, Bürkner (2021), "Rank-normalization, folding, and localization:
/// an improved R̂ for assessing convergence of MCMC", <i>Bayesian Analysis</i> 16(2). Matches ArviZ
/// <c>rhat(method="rank")</c> and Stan.
/// </remarks>
public static class SplitRHat
{
    /// <summary>The rank-normalised split-R̂ of one scalar's draws.</summary>
    /// <param name="draws">The draws, indexed [chain, draw].</param>
    /// <returns>
    /// max(bulk R̂, tail R̂); <see cref="double.NaN"/> when any draw is NaN, with fewer than 2 chains or fewer than
    /// 4 draws per chain, or when all draws are equal (as ArviZ); +∞ when every split chain is constant but they differ.
    /// </returns>
    public static double Compute(double[,] draws)
    {
        if (!DrawArrays.IsUsable(draws, minChains: 2))
        {
            return double.NaN;
        }

        var split = DrawArrays.Split(draws);
        return Combine(OfChains(RankNormalization.NormalScores(split)), TailOfSplit(split));
    }

    /// <summary>max(bulk, tail) as ArviZ takes it with Python's <c>max</c>: a NaN tail R̂ (folded draws all equal) leaves the bulk R̂.</summary>
    internal static double Combine(double bulk, double tail) => tail > bulk ? tail : bulk;

    /// <summary>The tail R̂: R̂ of the normal scores of the folded split chains |x − median|.</summary>
    internal static double TailOfSplit(double[,] split) => OfChains(RankNormalization.NormalScores(DrawArrays.Fold(split)));

    /// <summary>The classic R̂ of <paramref name="chains"/> as given: sqrt((B/W + n − 1)/n).</summary>
    /// <remarks>B = n·Var(chain means) and W = the mean of the chain variances, both with n − 1 in the denominator.</remarks>
    internal static double OfChains(double[,] chains)
    {
        int m = chains.GetLength(0), n = chains.GetLength(1);
        var means = new double[m];
        var variances = new double[m];
        var row = new double[n];
        for (int c = 0; c < m; c++)
        {
            for (int i = 0; i < n; i++)
            {
                row[i] = chains[c, i];
            }

            means[c] = DrawArrays.Mean(row);
            variances[c] = DrawArrays.Variance(row);
        }

        double between = n * DrawArrays.Variance(means);
        double within = DrawArrays.Mean(variances);
        return Math.Sqrt(((between / within) + n - 1) / n);
    }
}
