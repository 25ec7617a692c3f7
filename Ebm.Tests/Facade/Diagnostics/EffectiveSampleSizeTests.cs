using Ebm.Facade.Diagnostics;

namespace Ebm.Tests.Facade.Diagnostics;

[TestFixture]
public sealed class EffectiveSampleSizeTests
{
    // For N iid draws each ρ̂_t has standard error ≈ 1/√N; τ̂ sums about L ≈ 4 lags, so its relative standard
    // error is ≈ 2√(L/N) = 0.02 at N = 40 000 (over 40 seeds: 0.019). The bound is four standard errors.
    private const double IidTolerance = 0.08;

    [Test]
    public void BulkAndMean_IidDraws_AreCloseToTheNumberOfDraws()
    {
        var draws = Draws.AutoRegressive(4, 10_000, 0, seed: 11);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(EffectiveSampleSize.Bulk(draws) / draws.Length, Is.EqualTo(1).Within(IidTolerance));
            Assert.That(EffectiveSampleSize.Mean(draws) / draws.Length, Is.EqualTo(1).Within(IidTolerance));
        }
    }

    [Test]
    public void Tail_IidDraws_IsCloseToTheNumberOfDraws()
    {
        var draws = Draws.AutoRegressive(4, 10_000, 0, seed: 12);

        // Over 40 seeds the ratio averages 0.98 (the minimum of two noisy estimates is biased low) with sd 0.019.
        Assert.That(EffectiveSampleSize.Tail(draws) / draws.Length, Is.EqualTo(1).Within(2 * IidTolerance));
    }

    [Test]
    public void Mean_AutoRegressiveDraws_MatchesTheoreticalEss()
    {
        const double phi = 0.5;
        var draws = Draws.AutoRegressive(8, 20_000, phi, seed: 13);

        double expected = draws.Length * (1 - phi) / (1 + phi); // τ = (1 + φ)/(1 − φ) for AR(1)

        // Over 40 seeds the ratio has sd 0.016 (N = 160 000, τ = 3); the bound is five standard errors.
        Assert.That(EffectiveSampleSize.Mean(draws) / expected, Is.EqualTo(1).Within(0.08));
    }

    [Test]
    public void Mean_IgnoresTheMiddleDrawOfOddLengthChains()
    {
        var draws = Draws.AutoRegressive(2, 101, 0.3, seed: 14);
        double before = EffectiveSampleSize.Mean(draws);

        draws[0, 50] = 1e6;
        draws[1, 50] = -1e6;

        Assert.That(EffectiveSampleSize.Mean(draws), Is.EqualTo(before));
    }

    [Test]
    public void Quantile_OfTheMedian_IsCloseToTheNumberOfDrawsForIidDraws()
    {
        var draws = Draws.AutoRegressive(4, 10_000, 0, seed: 15);

        Assert.That(EffectiveSampleSize.Quantile(draws, 0.5) / draws.Length, Is.EqualTo(1).Within(IidTolerance));
    }

    [Test]
    public void Tail_IsTheSmallerOfTheFivePercentAndNinetyFivePercentQuantileEss()
    {
        var draws = Draws.Fixture("ar1_phi0.9_4x1000");

        double expected = Math.Min(EffectiveSampleSize.Quantile(draws, 0.05), EffectiveSampleSize.Quantile(draws, 0.95));

        Assert.That(EffectiveSampleSize.Tail(draws), Is.EqualTo(expected));
    }

    [TestCase(-0.01)]
    [TestCase(1.01)]
    [TestCase(double.NaN)]
    public void Quantile_ProbabilityOutsideZeroToOne_Throws(double probability)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EffectiveSampleSize.Quantile(new double[2, 10], probability));
    }

    [Test]
    public void AllVariants_AntitheticChains_AreCappedAtNLog10N()
    {
        var draws = new double[2, 1000];
        for (int i = 0; i < 1000; i++)
        {
            draws[0, i] = draws[1, i] = i % 2 == 0 ? 1 : -1;
        }

        // ρ̂_1 = −1 stops Geyer's sequence at once; τ̂ is then bounded below by 1/log₁₀(N).
        Assert.That(EffectiveSampleSize.Mean(draws), Is.EqualTo(2000 * Math.Log10(2000)).Within(1e-9).Percent);
    }

    [Test]
    public void AllVariants_DegenerateInput_GiveNaNOrTheDrawCount()
    {
        var withNaN = Draws.AutoRegressive(2, 50, 0, seed: 16);
        withNaN[1, 3] = double.NaN;
        var constant = Draws.Constant(3, 40, -1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(EffectiveSampleSize.Bulk(withNaN), Is.NaN);
            Assert.That(EffectiveSampleSize.Tail(withNaN), Is.NaN);
            Assert.That(EffectiveSampleSize.Mean(withNaN), Is.NaN);
            Assert.That(EffectiveSampleSize.Quantile(withNaN, 0.5), Is.NaN);
            Assert.That(EffectiveSampleSize.Bulk(new double[4, 3]), Is.NaN);
            Assert.That(EffectiveSampleSize.Bulk(constant), Is.EqualTo(120));
            Assert.That(EffectiveSampleSize.Mean(constant), Is.EqualTo(120));
            Assert.That(EffectiveSampleSize.Tail(constant), Is.EqualTo(120));
        }
    }
}
