using Ebm.Kernels.Random;

namespace Ebm.Tests.Kernels.Random;

/// <summary>Box–Muller's polynomial logarithm, cosine and sine against float64 over every input Box–Muller can give them.</summary>
[TestFixture]
public sealed class BoxMullerMathTests
{
    private const int TurnUnits = 1 << 24;

    [Test]
    public void LogOfEveryOpenLowUniformIsWithinTwoUlpsOfTheFloat64Logarithm()
    {
        double worst = 0;
        for (uint k = 0; k < TurnUnits; k++)
        {
            float u = RandomBits.ToUniformOpenLow(k << 8);
            double exact = Math.Log(u);
            double error = Math.Abs(BoxMullerMath.Log(u) - exact);
            worst = Math.Max(worst, error / Ulp(exact));
        }
        Assert.That(worst, Is.LessThanOrEqualTo(2), "largest error in ulps of the result");
    }

    [TestCase(1.17549435e-38f)]
    [TestCase(3.0e-21f)]
    [TestCase(0.70710677f)]
    [TestCase(0.70710683f)]
    [TestCase(1f)]
    [TestCase(1.00000012f)]
    [TestCase(1.41421354f)]
    [TestCase(2.71828183f)]
    [TestCase(6.5e17f)]
    [TestCase(3.40282347e38f)]
    public void LogOfNormalFloatsAcrossTheExponentRangeIsWithinTwoUlps(float x)
    {
        double exact = Math.Log(x);
        Assert.That(Math.Abs(BoxMullerMath.Log(x) - exact), Is.LessThanOrEqualTo(2 * Math.Max(Ulp(exact), Ulp(1e-7))));
    }

    [Test]
    public void CosineAndSineOfEveryTurnAreWithinTwoUlpsOfOne()
    {
        double worst = 0;
        for (uint k = 0; k < TurnUnits; k++)
        {
            double angle = 2 * Math.PI * k / TurnUnits;
            float cosine = BoxMullerMath.CosSinOfTurns(k, out float sine);
            worst = Math.Max(worst, Math.Max(Math.Abs(cosine - Math.Cos(angle)), Math.Abs(sine - Math.Sin(angle))));
        }
        Assert.That(worst / Ulp(1), Is.LessThanOrEqualTo(2), "largest absolute error in ulps of 1");
    }

    [TestCase(0u, 1f, 0f)]
    [TestCase(1u << 22, 0f, 1f)]
    [TestCase(2u << 22, -1f, 0f)]
    [TestCase(3u << 22, 0f, -1f)]
    public void QuarterTurnsAreExact(uint turns, float expectedCosine, float expectedSine)
    {
        float cosine = BoxMullerMath.CosSinOfTurns(turns, out float sine);
        Assert.Multiple(() =>
        {
            Assert.That(cosine, Is.EqualTo(expectedCosine));
            Assert.That(sine, Is.EqualTo(expectedSine));
        });
    }

    /// <summary>The spacing of floats at |value|.</summary>
    private static double Ulp(double value)
    {
        float magnitude = MathF.Abs((float)value);
        return MathF.BitIncrement(magnitude) - magnitude;
    }
}
