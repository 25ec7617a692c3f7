namespace Ebm.Cli.Plots;

/// <summary>Contour levels of a gridded density that enclose given fractions of its mass (highest-density regions).</summary>
internal static class DensityLevels
{
    /// <summary>
    /// For each fraction f, the largest level t such that the cells with density ≥ t hold at least f of the grid's mass
    /// (cells have equal volume, so mass is proportional to density).
    /// </summary>
    /// <param name="densities">Cell densities; NaN, infinite and negative values count as zero mass.</param>
    /// <param name="fractions">Fractions in (0, 1].</param>
    /// <returns>One level per fraction, in the same order; empty when the grid holds no mass.</returns>
    public static double[] HighestDensity(IReadOnlyList<double> densities, IReadOnlyList<double> fractions)
    {
        ArgumentNullException.ThrowIfNull(densities);
        ArgumentNullException.ThrowIfNull(fractions);
        var sorted = densities.Where(value => double.IsFinite(value) && value > 0).ToArray();
        Array.Sort(sorted);
        Array.Reverse(sorted);
        double total = sorted.Sum();
        if (!(total > 0))
            return [];
        var levels = new double[fractions.Count];
        for (int k = 0; k < fractions.Count; k++)
        {
            double fraction = fractions[k];
            if (!(fraction > 0 && fraction <= 1))
                throw new ArgumentOutOfRangeException(nameof(fractions), fraction, "mass fractions must lie in (0, 1]");
            double target = fraction * total, cumulative = 0;
            int index = 0;
            for (; index < sorted.Length - 1; index++)
            {
                cumulative += sorted[index];
                if (cumulative >= target)
                    break;
            }

            levels[k] = sorted[index];
        }

        return levels;
    }
}
