using Ebm.Facade.Diagnostics;

namespace Ebm.Tests.Facade.Diagnostics;

[TestFixture]
public sealed class SplitRHatTests
{
    [Test]
    public void Compute_IidChains_IsCloseToOne()
    {
        // For m split chains of n draws, R̂ − 1 is of order 1/n; here 1/2500.
        Assert.That(SplitRHat.Compute(Draws.AutoRegressive(4, 5000, 0, seed: 21)), Is.EqualTo(1).Within(0.005));
    }

    [Test]
    public void Compute_OneShiftedChain_IsLarge()
    {
        var draws = Draws.AutoRegressive(4, 1000, 0, seed: 22);
        for (int i = 0; i < 1000; i++)
        {
            draws[3, i] += 2;
        }

        Assert.That(SplitRHat.Compute(draws), Is.GreaterThan(1.1));
    }

    [Test]
    public void Compute_ChainWhoseSpreadDiffers_IsCaughtByTheFoldedTail()
    {
        var draws = Draws.AutoRegressive(4, 1000, 0, seed: 23);
        for (int i = 0; i < 1000; i++)
        {
            draws[3, i] *= 4; // same centre, wider: invisible to bulk R̂, visible to tail R̂
        }

        Assert.That(SplitRHat.Compute(draws), Is.GreaterThan(1.05));
    }

    [Test]
    public void Compute_TrendWithinEachChain_IsCaughtBySplitting()
    {
        var draws = Draws.AutoRegressive(4, 1000, 0, seed: 24);
        for (int c = 0; c < 4; c++)
        {
            for (int i = 0; i < 1000; i++)
            {
                draws[c, i] += 3.0 * i / 1000;
            }
        }

        Assert.That(SplitRHat.Compute(draws), Is.GreaterThan(1.1));
    }

    [Test]
    public void Compute_DegenerateInput_IsNaNOrInfinity()
    {
        var separatedConstants = new double[2, 10];
        for (int i = 0; i < 10; i++)
        {
            separatedConstants[1, i] = 1;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(SplitRHat.Compute(Draws.AutoRegressive(1, 1000, 0, seed: 25)), Is.NaN, "one chain");
            Assert.That(SplitRHat.Compute(Draws.AutoRegressive(4, 3, 0, seed: 26)), Is.NaN, "three draws");
            Assert.That(SplitRHat.Compute(Draws.Constant(4, 100, 7)), Is.NaN, "constant");
            Assert.That(SplitRHat.Compute(separatedConstants), Is.EqualTo(double.PositiveInfinity), "constant chains that differ");
        }
    }
}
