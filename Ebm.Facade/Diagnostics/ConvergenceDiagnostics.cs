namespace Ebm.Facade.Diagnostics;

/// <summary>Computes every diagnostic of one scalar's MCMC draws, sharing the split and ranked draws and running the independent parts in parallel.</summary>
/// <remarks>
/// The definitions are those of Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021), as implemented by
/// Stan and ArviZ; see <see cref="SplitRHat"/>, <see cref="EffectiveSampleSize"/> and
/// <see cref="MonteCarloStandardError"/>. Degenerate inputs never throw; they give what ArviZ gives:
/// any NaN draw, or fewer than 4 draws per chain, makes R̂, both ESS and the MCSE NaN; a single chain makes
/// R̂ NaN; draws that are all equal give R̂ = NaN, ESS = the number of split draws and MCSE = 0.
/// </remarks>
public static class ConvergenceDiagnostics
{
    /// <summary>Mean, variance, MCSE of the mean, rank-normalised split-R̂, bulk and tail ESS of <paramref name="draws"/>.</summary>
    /// <param name="draws">The draws of one scalar, indexed [chain, draw].</param>
    public static ScalarDiagnostics Compute(double[,] draws)
    {
        ArgumentNullException.ThrowIfNull(draws);
        var all = DrawArrays.Flatten(draws);
        double mean = DrawArrays.Mean(all);
        double variance = DrawArrays.Variance(all);
        if (!DrawArrays.IsUsable(draws, minChains: 1))
        {
            return new ScalarDiagnostics(mean, variance, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var split = DrawArrays.Split(draws);
        bool severalChains = draws.GetLength(0) >= 2;
        double rHatBulk = double.NaN, rHatTail = double.NaN, essBulk = double.NaN, essTail = double.NaN, mcse = double.NaN;
        Parallel.Invoke( // independent, each sequential: the results do not depend on scheduling
            () =>
            {
                var bulkScores = RankNormalization.NormalScores(split);
                essBulk = EffectiveSampleSize.OfChains(bulkScores);
                rHatBulk = severalChains ? SplitRHat.OfChains(bulkScores) : double.NaN;
            },
            () => rHatTail = severalChains ? SplitRHat.TailOfSplit(split) : double.NaN,
            () => essTail = EffectiveSampleSize.TailOfUsable(draws),
            () => mcse = MonteCarloStandardError.OfMean(variance, split));
        return new ScalarDiagnostics(mean, variance, mcse, SplitRHat.Combine(rHatBulk, rHatTail), essBulk, essTail);
    }
}
