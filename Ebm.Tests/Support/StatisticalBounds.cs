using Ebm.Facade.Diagnostics;

namespace Ebm.Tests.Support;

/// <summary>
/// Assertions calibrated to a false-failure rate: |estimate − truth| ≤ z · MCSE with z = 5 (two-sided tail
/// probability 5.7e-7 per assertion under a normal sampling distribution of the estimate), MCSE from the ESS.
/// </summary>
public static class StatisticalBounds
{
    /// <summary>z for a per-assertion false-failure rate below 1e-6.</summary>
    public const double Z = 5;

    /// <summary>Asserts that the mean of <paramref name="draws"/> ([chains, draws]) is within z·MCSE of <paramref name="truth"/>.</summary>
    public static void MeanMatches(double[,] draws, double truth, string what)
    {
        var diagnostics = ConvergenceDiagnostics.Compute(draws);
        Assert.That(diagnostics.Mean, Is.EqualTo(truth).Within(Z * diagnostics.Mcse), $"{what}: mean {diagnostics.Mean:G5} ± {diagnostics.Mcse:G3} (ESS {diagnostics.EssBulk:F0})");
    }

    /// <summary>
    /// Whether the mean of <paramref name="draws"/> is within z·MCSE of <paramref name="truth"/>: the test
    /// <see cref="MeanMatches"/> makes, as a value, so that a test can show that a broken sampler fails it.
    /// </summary>
    public static bool IsWithin(double[,] draws, double truth, out ScalarDiagnostics diagnostics)
    {
        diagnostics = ConvergenceDiagnostics.Compute(draws);
        return Math.Abs(diagnostics.Mean - truth) <= Z * diagnostics.Mcse;
    }

    /// <summary>Applies <paramref name="map"/> to every draw of coordinate(s) and returns [chains, draws].</summary>
    public static double[,] Map(Ebm.Facade.Sampling.SampleResult result, Func<int, int, double> map)
    {
        var values = new double[result.Chains, result.DrawCount];
        for (int c = 0; c < result.Chains; c++)
            for (int n = 0; n < result.DrawCount; n++)
                values[c, n] = map(n, c);
        return values;
    }
}
