using Ebm.Facade.Diagnostics;

namespace Ebm.Tests.Facade.Diagnostics;

[TestFixture]
public sealed class MonteCarloStandardErrorTests
{
    [Test]
    public void Mean_IidStandardNormalDraws_IsCloseToOneOverRootN()
    {
        var draws = Draws.AutoRegressive(4, 10_000, 0, seed: 31);

        // sd ≈ 1 and ESS ≈ N within a few per cent (see EffectiveSampleSizeTests), so MCSE ≈ 1/√N within ~4 %.
        Assert.That(MonteCarloStandardError.Mean(draws) * Math.Sqrt(draws.Length), Is.EqualTo(1).Within(0.05));
    }

    [Test]
    public void Mean_IsStandardDeviationOverRootEssOfTheSplitDraws()
    {
        var draws = Draws.Fixture("ar1_phi0.9_4x1000");
        var all = draws.Cast<double>().ToArray();
        double mean = all.Average();
        double sd = Math.Sqrt(all.Sum(x => (x - mean) * (x - mean)) / (all.Length - 1));

        Assert.That(MonteCarloStandardError.Mean(draws), Is.EqualTo(sd / Math.Sqrt(EffectiveSampleSize.Mean(draws))).Within(1e-12).Percent);
    }

    [Test]
    public void Mean_ConstantOrShortOrNaNDraws_IsZeroOrNaN()
    {
        var withNaN = Draws.AutoRegressive(2, 20, 0, seed: 32);
        withNaN[0, 0] = double.NaN;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(MonteCarloStandardError.Mean(Draws.Constant(2, 20, 3)), Is.Zero);
            Assert.That(MonteCarloStandardError.Mean(new double[2, 3]), Is.NaN);
            Assert.That(MonteCarloStandardError.Mean(withNaN), Is.NaN);
        }
    }
}
