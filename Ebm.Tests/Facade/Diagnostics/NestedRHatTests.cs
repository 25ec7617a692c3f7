using System.Text.Json;
using Ebm.Facade.Diagnostics;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Diagnostics;

[TestFixture]
public sealed class NestedRHatTests
{
    private static readonly string[] FixtureNames =
        ["mixed_K8_M4_N100", "apart_K4_M16_N20", "ar1_K16_M8_N50", "one_draw_K8_M32_N1", "one_chain_each_K10_M1_N200"];

    [TestCaseSource(nameof(FixtureNames))]
    public void MatchesStansPosteriorPackage(string name)
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(FixturePath.Of("diagnostics/nested/reference.json")));
        var entry = reference.RootElement.GetProperty(name);
        double expected = entry.GetProperty("nested_rhat").GetDouble();
        double actual = NestedRHat.Compute(Draws.Fixture("nested/" + name), entry.GetProperty("superchains").GetInt32());
        Assert.That(actual, Is.EqualTo(expected).Within(1e-10).Percent); // 1e-12 relative
    }

    [Test]
    public void ChainsStartedApartAreFlaggedAndMixedOnesAreNot()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NestedRHat.Compute(Draws.Fixture("nested/apart_K4_M16_N20"), 4), Is.GreaterThan(1.05), "superchains started at −3, −1, 1, 3, 20 draws");
            Assert.That(NestedRHat.Compute(Draws.AutoRegressive(256, 200, 0.5, seed: 4), 32), Is.LessThan(1.01), "stationary chains");
        });
    }

    [Test]
    public void SuperchainsMustDivideTheChainsAndNonFiniteDrawsGiveNaN()
    {
        var draws = Draws.AutoRegressive(12, 10, 0.5, seed: 1);
        Assert.Multiple(() =>
        {
            Assert.That(() => NestedRHat.Compute(draws, 5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("divide the 12 chains"));
            Assert.That(() => NestedRHat.Compute(draws, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            draws[3, 4] = double.NaN;
            Assert.That(NestedRHat.Compute(draws, 4), Is.NaN);
        });
    }
}
