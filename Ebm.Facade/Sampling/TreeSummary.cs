namespace Ebm.Facade.Sampling;

/// <summary>What NUTS's trees looked like over the sampling phase, all chains.</summary>
/// <param name="MeanDepth">Mean tree depth (doublings) per transition.</param>
/// <param name="MaxDepthShare">Share of transitions whose tree reached the maximum depth (the trajectory was cut short).</param>
/// <param name="GradientsPerTransition">Leapfrog steps (gradient evaluations) per transition, i.e. per draw without thinning.</param>
public sealed record TreeSummary(double MeanDepth, double MaxDepthShare, double GradientsPerTransition)
{
    /// <summary>Summarises [C, 3] per-chain counters (Σ depth, transitions at the maximum depth, Σ leapfrog steps) over <paramref name="transitions"/> transitions per chain.</summary>
    /// <param name="statistics">The counters.</param>
    /// <param name="transitions">Transitions per chain.</param>
    /// <returns>The summary.</returns>
    public static TreeSummary Of(int[] statistics, int transitions)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        double depth = 0, saturated = 0, leapfrogs = 0;
        for (int row = 0; row + 2 < statistics.Length; row += 3)
        {
            depth += statistics[row];
            saturated += statistics[row + 1];
            leapfrogs += statistics[row + 2];
        }
        double count = statistics.Length / 3 * (double)transitions;
        return new TreeSummary(depth / count, saturated / count, leapfrogs / count);
    }
}
