using System.Text.Json;
using Ebm.Facade.Diagnostics;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Diagnostics;

[TestFixture]
public sealed class ConvergenceDiagnosticsTests
{
    private static readonly string[] FixtureNames = ["iid_4x1000", "ar1_phi0.9_4x1000", "one_chain_shifted_4x500", "heavy_tail_t3_8x400"];

    [TestCaseSource(nameof(FixtureNames))]
    public void Compute_MatchesIndependentReference(string name)
    {
        var reference = Reference(name);

        var result = ConvergenceDiagnostics.Compute(Draws.Fixture(name));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.RHat, Is.EqualTo(reference.GetProperty("rhat").GetDouble()).Within(1e-4).Percent); // 1e-6 relative
            Assert.That(result.EssBulk, Is.EqualTo(reference.GetProperty("ess_bulk").GetDouble()).Within(1e-2).Percent); // 1e-4 relative
            Assert.That(result.EssTail, Is.EqualTo(reference.GetProperty("ess_tail").GetDouble()).Within(1e-2).Percent); // 1e-4 relative
            Assert.That(result.Mcse, Is.EqualTo(reference.GetProperty("mcse_mean").GetDouble()).Within(1e-2).Percent); // 1e-4 relative
        }
    }

    [TestCaseSource(nameof(FixtureNames))]
    public void Compute_AgreesWithTheSeparateFunctions(string name)
    {
        var draws = Draws.Fixture(name);

        var result = ConvergenceDiagnostics.Compute(draws);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.RHat, Is.EqualTo(SplitRHat.Compute(draws)));
            Assert.That(result.EssBulk, Is.EqualTo(EffectiveSampleSize.Bulk(draws)));
            Assert.That(result.EssTail, Is.EqualTo(EffectiveSampleSize.Tail(draws)));
            Assert.That(result.Mcse, Is.EqualTo(MonteCarloStandardError.Mean(draws)));
        }
    }

    [Test]
    public void Compute_MeanAndVarianceAreThoseOfAllDraws()
    {
        double[,] draws = { { 1, 2, 3, 4 }, { 5, 6, 7, 8 } };

        var result = ConvergenceDiagnostics.Compute(draws);

        Assert.That(result.Mean, Is.EqualTo(4.5));
        Assert.That(result.Variance, Is.EqualTo(6.0).Within(1e-12)); // Σ(x − 4.5)² / 7 = 42 / 7
    }

    [Test]
    public void Compute_ConstantDraws_GivesNaNRHatFullEssAndZeroMcse()
    {
        var result = ConvergenceDiagnostics.Compute(Draws.Constant(4, 100, 2.5));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Mean, Is.EqualTo(2.5));
            Assert.That(result.Variance, Is.Zero);
            Assert.That(result.RHat, Is.NaN);
            Assert.That(result.EssBulk, Is.EqualTo(400));
            Assert.That(result.EssTail, Is.EqualTo(400));
            Assert.That(result.Mcse, Is.Zero);
        }
    }

    [Test]
    public void Compute_NaNDraw_GivesNaNDiagnostics()
    {
        var draws = Draws.AutoRegressive(4, 100, 0, seed: 1);
        draws[2, 50] = double.NaN;

        var result = ConvergenceDiagnostics.Compute(draws);

        Assert.That(new[] { result.Mean, result.Mcse, result.RHat, result.EssBulk, result.EssTail }, Has.All.NaN);
    }

    [TestCase(4, 3)]
    [TestCase(1, 1)]
    [TestCase(0, 0)]
    [TestCase(3, 0)]
    public void Compute_FewerThanFourDrawsPerChain_GivesNaNDiagnostics(int chains, int draws)
    {
        var result = ConvergenceDiagnostics.Compute(Draws.AutoRegressive(chains, draws, 0, seed: 2));

        Assert.That(new[] { result.Mcse, result.RHat, result.EssBulk, result.EssTail }, Has.All.NaN);
    }

    [Test]
    public void Compute_OneChain_GivesNaNRHatButFiniteEss()
    {
        var result = ConvergenceDiagnostics.Compute(Draws.AutoRegressive(1, 1000, 0, seed: 3));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.RHat, Is.NaN);
            Assert.That(result.EssBulk, Is.EqualTo(1000).Within(15).Percent);
            Assert.That(result.EssTail, Is.Positive);
            Assert.That(result.Mcse, Is.Positive);
        }
    }

    [Test]
    public void Compute_InfiniteDraw_DoesNotThrow()
    {
        var draws = Draws.AutoRegressive(4, 100, 0, seed: 4);
        draws[0, 0] = double.PositiveInfinity;

        var result = ConvergenceDiagnostics.Compute(draws);

        Assert.That(result.RHat, Is.LessThan(1.1), "ranks are unaffected by one infinite draw");
    }

    [Test]
    public void Compute_ManyLongChains_GivesIidEssForIidDraws()
    {
        var draws = Draws.AutoRegressive(256, 10_001, 0, seed: 5);

        var result = ConvergenceDiagnostics.Compute(draws);

        // For iid draws the ESS estimate's relative error is about 2·√(L/N) with L ≈ 4 lags and N = 2.56e6 draws.
        Assert.That(result.EssBulk / draws.Length, Is.EqualTo(1).Within(0.01));
        Assert.That(result.RHat, Is.LessThan(1.005));
    }

    private static JsonElement Reference(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FixturePath.Of("diagnostics/reference.json")));
        return document.RootElement.GetProperty(name).Clone();
    }
}
