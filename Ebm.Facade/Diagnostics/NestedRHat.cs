namespace Ebm.Facade.Diagnostics;

/// <summary>
/// Nested R̂ (Margossian, Hoffman, Sountsov, Riou-Durand, Vehtari &amp; Gelman 2024), the convergence diagnostic for many
/// short chains grouped in superchains whose chains start from one point: √(1 + B̃/W̃), with B̃ the variance of the
/// superchain means and W̃ the mean over superchains of (the mean within-chain variance + the variance of the chain means).
/// </summary>
/// <remarks>
/// Superchain k of K holds chains k·M … k·M + M − 1, M = chains / K. Variances have n − 1 in the denominator; with one
/// chain per superchain the between-chain term is 0, with one draw per chain the within-chain term is 0. Matches
/// <c>rhat_nested</c> of Stan's posterior package. The paper suggests 1.01 as the threshold for many chains, as for R̂.
/// </remarks>
public static class NestedRHat
{
    /// <summary>Nested R̂ of one scalar's draws.</summary>
    /// <param name="draws">The draws, indexed [chain, draw].</param>
    /// <param name="superchains">K ≥ 2, dividing the number of chains.</param>
    /// <returns>The value; NaN when a draw is not finite, or when every draw is equal.</returns>
    public static double Compute(double[,] draws, int superchains)
    {
        ArgumentNullException.ThrowIfNull(draws);
        int chains = draws.GetLength(0), length = draws.GetLength(1);
        if (superchains < 2 || chains % superchains != 0)
            throw new ArgumentOutOfRangeException(nameof(superchains), superchains, $"nested R̂ needs at least 2 superchains that divide the {chains} chains");
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1, nameof(draws));
        int perSuperchain = chains / superchains;
        var chainMeans = new double[chains];
        var chainVariances = new double[chains];
        for (int c = 0; c < chains; c++)
        {
            double mean = 0;
            for (int n = 0; n < length; n++)
                mean += draws[c, n];
            mean /= length;
            double squares = 0;
            for (int n = 0; n < length; n++)
                squares += (draws[c, n] - mean) * (draws[c, n] - mean);
            chainMeans[c] = mean;
            chainVariances[c] = length > 1 ? squares / (length - 1) : 0;
            if (!double.IsFinite(mean))
                return double.NaN;
        }
        var superchainMeans = new double[superchains];
        double within = 0;
        for (int k = 0; k < superchains; k++)
        {
            var members = new ArraySegment<double>(chainMeans, k * perSuperchain, perSuperchain);
            superchainMeans[k] = members.Average();
            double betweenChains = perSuperchain > 1 ? SampleVariance(members) : 0;
            within += new ArraySegment<double>(chainVariances, k * perSuperchain, perSuperchain).Average() + betweenChains;
        }
        within /= superchains;
        return Math.Sqrt(1 + SampleVariance(superchainMeans) / within);
    }

    private static double SampleVariance(IReadOnlyCollection<double> values)
    {
        double mean = values.Average();
        return values.Sum(value => (value - mean) * (value - mean)) / (values.Count - 1);
    }
}
