namespace Ebm.Facade.Diagnostics;

/// <summary>Monte Carlo standard errors of estimates from MCMC draws.</summary>
public static class MonteCarloStandardError
{
    /// <summary>The MCSE of the mean: sd / √ESS, with sd the standard deviation of all draws (n − 1) and ESS that of the split draws.</summary>
    /// <param name="draws">The draws, indexed [chain, draw].</param>
    /// <returns>
    /// The standard error; <see cref="double.NaN"/> when any draw is NaN or a chain has fewer than 4 draws, 0 when
    /// all draws are equal (as ArviZ <c>mcse(method="mean")</c>).
    /// </returns>
    /// <remarks>ESS as in <see cref="EffectiveSampleSize.Mean"/>.</remarks>
    public static double Mean(double[,] draws) =>
        DrawArrays.IsUsable(draws, minChains: 1)
            ? OfMean(DrawArrays.Variance(DrawArrays.Flatten(draws)), DrawArrays.Split(draws))
            : double.NaN;

    /// <summary>√(variance / ESS of <paramref name="split"/>), for draws already checked and split.</summary>
    internal static double OfMean(double variance, double[,] split) => Math.Sqrt(variance / EffectiveSampleSize.OfChains(split));
}
