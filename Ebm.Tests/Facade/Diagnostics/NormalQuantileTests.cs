using Ebm.Facade.Diagnostics;

namespace Ebm.Tests.Facade.Diagnostics;

[TestFixture]
public sealed class NormalQuantileTests
{
    // Reference values: Newton-refined roots of Φ(x) = p with Φ from an accurate erfc; R's qnorm agrees.
    [TestCase(0.975, 1.959963984540054)]
    [TestCase(0.025, -1.959963984540054)]
    [TestCase(0.5, 0.0)]
    [TestCase(0.3, -0.5244005127080409)]
    [TestCase(0.9, 1.2815515655446008)]
    [TestCase(0.99, 2.3263478740408408)]
    [TestCase(0.999, 3.090232306167813)]
    [TestCase(0.999999, 4.753424308817089)]
    [TestCase(1e-10, -6.361340902404057)]
    [TestCase(1e-300, -37.0470962993612)]
    public void Evaluate_MatchesKnownQuantiles(double p, double expected)
    {
        Assert.That(NormalQuantile.Evaluate(p), Is.EqualTo(expected).Within(1e-14 * Math.Max(1, Math.Abs(expected))));
    }

    [Test]
    public void Evaluate_IsAntisymmetricAboutOneHalf()
    {
        foreach (double p in new[] { Math.ScaleB(1, -40), Math.ScaleB(1, -20), Math.ScaleB(1, -10), 0.0625, 0.25, 0.375, 0.4375 }) // 1 − p is exact
        {
            Assert.That(NormalQuantile.Evaluate(1 - p), Is.EqualTo(-NormalQuantile.Evaluate(p)).Within(1e-9).Percent, $"p = {p}");
        }
    }

    [Test]
    public void Evaluate_IsIncreasingAcrossTheRangeBoundaries()
    {
        double[] ps = [1e-16, 1.3e-11, 1.4e-11, 1.5e-11, 0.074, 0.075, 0.076, 0.5, 0.924, 0.925, 0.926, 1 - 1e-9];
        var quantiles = ps.Select(NormalQuantile.Evaluate).ToArray();

        Assert.That(quantiles, Is.Ordered.Ascending);
    }

    [TestCase(0.0, double.NegativeInfinity)]
    [TestCase(1.0, double.PositiveInfinity)]
    [TestCase(-0.1, double.NaN)]
    [TestCase(1.1, double.NaN)]
    [TestCase(double.NaN, double.NaN)]
    public void Evaluate_AtAndBeyondTheEnds_GivesInfinityOrNaN(double p, double expected)
    {
        Assert.That(NormalQuantile.Evaluate(p), Is.EqualTo(expected));
    }
}
