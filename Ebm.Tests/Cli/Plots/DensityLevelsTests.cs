using Ebm.Cli.Plots;

namespace Ebm.Tests.Cli.Plots;

[TestFixture]
public sealed class DensityLevelsTests
{
    [Test]
    public void LevelsAreTheSmallestDensitiesInsideTheHighestDensityRegions()
    {
        // Sorted: 4, 3, 2, 1 (total 10); NaN and negative values hold no mass.
        double[] densities = [2, double.NaN, 4, -1, 1, 3];

        var levels = DensityLevels.HighestDensity(densities, [0.4, 0.5, 0.9, 0.99, 1.0]);

        Assert.That(levels, Is.EqualTo(new double[] { 4, 3, 2, 1, 1 }));
    }

    [Test]
    public void AGaussianHalfMassLevelMatchesTheAnalyticRadius()
    {
        // For a standard 2-D Gaussian the region of mass f is r² ≤ −2 ln(1 − f), where p = exp(−r²/2)/(2π).
        int n = 400;
        double h = 12.0 / n;
        var densities = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double x = -6 + (i + 0.5) * h, y = -6 + (j + 0.5) * h;
                densities[i * n + j] = Math.Exp(-(x * x + y * y) / 2) / (2 * Math.PI);
            }
        }

        var levels = DensityLevels.HighestDensity(densities, [0.5, 0.9]);

        Assert.That(levels[0], Is.EqualTo(Math.Exp(Math.Log(0.5)) / (2 * Math.PI)).Within(0.01 / (2 * Math.PI)));
        Assert.That(levels[1], Is.EqualTo(0.1 / (2 * Math.PI)).Within(0.01 / (2 * Math.PI)));
    }

    [Test]
    public void NoMassGivesNoLevelsAndBadFractionsThrow()
    {
        Assert.That(DensityLevels.HighestDensity([0.0, double.NaN], [0.5]), Is.Empty);
        Assert.Throws<ArgumentOutOfRangeException>(() => DensityLevels.HighestDensity([1.0], [1.5]));
    }
}
