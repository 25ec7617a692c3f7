namespace Ebm.Facade.Diagnostics;

/// <summary>Effective sample sizes of one scalar's MCMC draws, as defined by Vehtari et al. (2021).</summary>
/// <remarks>
/// All variants estimate ESS = M·N / τ from split chains, with the integrated autocorrelation time
/// τ = −1 + 2 Σ ρ̂_t truncated by Geyer's initial positive sequence and made monotone (Geyer's initial
/// monotone sequence), ρ̂_t = 1 − (W − γ̄_t)/var⁺ from the autocovariances γ̄_t averaged over chains, and τ
/// bounded below by 1/log₁₀(M·N). Autocovariances are computed by FFT. The variants differ in what they
/// are applied to: normal scores of the ranks (bulk), indicators of the 5 % and 95 % quantiles (tail),
/// indicators of one quantile, or the raw draws (mean). Matches ArviZ <c>ess</c> and Stan.
/// Degenerate inputs, as in ArviZ: NaN when any draw is NaN or a chain has fewer than 4 draws; M·N (the
/// number of split draws) when all draws are equal.
/// </remarks>
public static class EffectiveSampleSize
{
    /// <summary>The bulk ESS: the ESS of the rank-normalised split chains, for the centre of the distribution.</summary>
    /// <param name="draws">The draws, indexed [chain, draw].</param>
    public static double Bulk(double[,] draws) =>
        DrawArrays.IsUsable(draws, minChains: 1) ? OfChains(RankNormalization.NormalScores(DrawArrays.Split(draws))) : double.NaN;

    /// <summary>The tail ESS: the smaller ESS of the indicators x ≤ q₀.₀₅ and x ≤ q₀.₉₅, for the 90 % interval.</summary>
    /// <param name="draws">The draws, indexed [chain, draw].</param>
    public static double Tail(double[,] draws) => DrawArrays.IsUsable(draws, minChains: 1) ? TailOfUsable(draws) : double.NaN;

    /// <summary>The ESS of the indicator x ≤ q_p, for estimating the quantile q_p.</summary>
    /// <param name="draws">The draws, indexed [chain, draw].</param>
    /// <param name="probability">p in [0, 1]; q_p is the linearly interpolated quantile of all draws.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1].</exception>
    public static double Quantile(double[,] draws, double probability)
    {
        if (!(probability is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The probability must lie in [0, 1].");
        }

        return DrawArrays.IsUsable(draws, minChains: 1) ? OfQuantile(draws, DrawArrays.Flatten(draws), probability) : double.NaN;
    }

    /// <summary>The ESS of the split draws themselves (not rank-normalised), the one that governs the MCSE of the mean.</summary>
    /// <param name="draws">The draws, indexed [chain, draw].</param>
    public static double Mean(double[,] draws) =>
        DrawArrays.IsUsable(draws, minChains: 1) ? OfChains(DrawArrays.Split(draws)) : double.NaN;

    /// <summary>The tail ESS of draws that passed <see cref="DrawArrays.IsUsable"/>.</summary>
    internal static double TailOfUsable(double[,] draws)
    {
        var scratch = DrawArrays.Flatten(draws);
        double low = OfQuantile(draws, scratch, 0.05), high = OfQuantile(draws, scratch, 0.95);
        return high < low ? high : low; // Python's min, as ArviZ
    }

    /// <summary>The ESS of <paramref name="chains"/> as given (no splitting, no ranking), each of at least 2 draws.</summary>
    /// <remarks>Follows ArviZ's <c>_ess</c> step by step, Geyer truncation and monotone correction included.</remarks>
    internal static double OfChains(double[,] chains)
    {
        int m = chains.GetLength(0), n = chains.GetLength(1);
        double size = (double)m * n;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double value in chains)
        {
            (min, max) = (Math.Min(min, value), Math.Max(max, value));
        }

        if (max - min < 1e-15) // NumPy's finfo(float).resolution, ArviZ's test for constant draws
        {
            return size;
        }

        var acov = Autocovariance.MeanOverChains(chains, out var chainMeans);
        double meanVariance = acov[0] * n / (n - 1.0);
        double variancePlus = meanVariance * (n - 1.0) / n;
        if (m > 1)
        {
            variancePlus += DrawArrays.Variance(chainMeans);
        }

        var rho = new double[n];
        double rhoEven = 1.0;
        double rhoOdd = 1.0 - ((meanVariance - acov[1]) / variancePlus);
        rho[0] = rhoEven;
        rho[1] = rhoOdd;

        // Geyer's initial positive sequence: sum pairs while ρ̂_2k + ρ̂_2k+1 stays positive.
        int t = 1;
        while (t < n - 3 && rhoEven + rhoOdd > 0.0)
        {
            rhoEven = 1.0 - ((meanVariance - acov[t + 1]) / variancePlus);
            rhoOdd = 1.0 - ((meanVariance - acov[t + 2]) / variancePlus);
            if (rhoEven + rhoOdd >= 0)
            {
                rho[t + 1] = rhoEven;
                rho[t + 2] = rhoOdd;
            }

            t += 2;
        }

        int maxT = t - 2;
        if (rhoEven > 0)
        {
            rho[maxT + 1] = rhoEven; // improves the estimate for antithetic chains
        }

        // Geyer's initial monotone sequence: pair sums may not increase.
        for (t = 1; t <= maxT - 2; t += 2)
        {
            if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t])
            {
                rho[t + 1] = (rho[t - 1] + rho[t]) / 2.0;
                rho[t + 2] = rho[t + 1];
            }
        }

        double sum = 0;
        for (int k = 0; k <= maxT; k++)
        {
            sum += rho[k];
        }

        double tau = Math.Max(-1.0 + (2.0 * sum) + rho[maxT + 1], 1.0 / Math.Log10(size));
        return rho.Any(double.IsNaN) ? double.NaN : size / tau;
    }

    // scratch holds the draws in any order; it is reordered.
    private static double OfQuantile(double[,] draws, double[] scratch, double probability) =>
        OfChains(DrawArrays.Split(DrawArrays.AtMost(draws, DrawArrays.Quantile(scratch, probability))));
}
