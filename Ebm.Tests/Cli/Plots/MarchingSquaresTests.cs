using Ebm.Cli.Plots;

namespace Ebm.Tests.Cli.Plots;

[TestFixture]
public sealed class MarchingSquaresTests
{
    [Test]
    public void TheUnitLevelOfRSquaredIsOneClosedLoopOnTheUnitCircle()
    {
        var xs = Axis(-2, 2, 81);
        var values = Values(xs, xs, (x, y) => x * x + y * y);

        var paths = MarchingSquares.Trace(xs, xs, values, 1.0);

        Assert.That(paths, Has.Count.EqualTo(1));
        Assert.That(paths[0].Closed, Is.True);
        Assert.That(paths[0].Xs.Length, Is.GreaterThan(40));
        for (int k = 0; k < paths[0].Xs.Length; k++)
        {
            // Linear interpolation of r² along a cell edge of width h = 0.05 is off by at most h²/4 in r².
            double r = Math.Sqrt(paths[0].Xs[k] * paths[0].Xs[k] + paths[0].Ys[k] * paths[0].Ys[k]);
            Assert.That(r, Is.EqualTo(1.0).Within(0.002));
        }
    }

    [Test]
    public void ALinearFunctionGivesOneOpenStraightLineAcrossTheGrid()
    {
        var xs = Axis(0, 1, 11);
        var ys = Axis(0, 2, 21);
        var values = Values(xs, ys, (x, _) => x);

        var paths = MarchingSquares.Trace(xs, ys, values, 0.37);

        Assert.That(paths, Has.Count.EqualTo(1));
        Assert.That(paths[0].Closed, Is.False);
        Assert.That(paths[0].Xs, Is.All.EqualTo(0.37).Within(1e-12));
        Assert.That(paths[0].Ys.Min(), Is.EqualTo(0.0).Within(1e-12));
        Assert.That(paths[0].Ys.Max(), Is.EqualTo(2.0).Within(1e-12));
        Assert.That(paths[0].Ys.Length, Is.EqualTo(21));
    }

    [Test]
    public void TwoBumpsGiveTwoLoopsAndASaddleJoinsThemAboveTheCentreValue()
    {
        var xs = Axis(-3, 3, 61);
        var values = Values(xs, xs, (x, y) => Math.Exp(-((x - 1) * (x - 1) + y * y)) + Math.Exp(-((x + 1) * (x + 1) + y * y)));
        double saddle = 2 * Math.Exp(-1); // the value at the origin, between the bumps

        Assert.That(MarchingSquares.Trace(xs, xs, values, saddle + 0.05), Has.Count.EqualTo(2));
        Assert.That(MarchingSquares.Trace(xs, xs, values, saddle - 0.05), Has.Count.EqualTo(1));
    }

    [Test]
    public void CellsWithNaNAreSkippedAndLevelsOutsideTheRangeGiveNothing()
    {
        var xs = Axis(-2, 2, 41);
        var values = Values(xs, xs, (x, y) => x < 0 ? double.NaN : x * x + y * y);

        var paths = MarchingSquares.Trace(xs, xs, values, 1.0);

        Assert.That(paths, Has.Count.EqualTo(1));
        Assert.That(paths[0].Closed, Is.False, "the half circle ends at the NaN region");
        Assert.That(MarchingSquares.Trace(xs, xs, values, 100), Is.Empty);
        Assert.That(MarchingSquares.Trace(xs, xs, values, double.NaN), Is.Empty);
    }

    private static double[] Axis(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1)).ToArray();

    private static double[,] Values(double[] xs, double[] ys, Func<double, double, double> f)
    {
        var values = new double[xs.Length, ys.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            for (int j = 0; j < ys.Length; j++)
                values[i, j] = f(xs[i], ys[j]);
        }

        return values;
    }
}
