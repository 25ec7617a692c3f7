using Ebm.Facade.Models;

namespace Ebm.Tests.Facade.Models;

/// <summary>The Gaussian base term of an MLP energy: validation and the choice around the data.</summary>
[TestFixture]
public sealed class GaussianBaseTests
{
    [Test]
    public void AroundTheDataItIsCentredOnTheMeanAndScaledByTheWidestCoordinate()
    {
        // x: 0, 2, 4 (mean 2, variance 4); y: 10, 10, 13 (mean 11, variance 3).
        var gaussianBase = GaussianBase.AroundData(new float[,] { { 0, 10 }, { 2, 10 }, { 4, 13 } }, scaleFactor: 1.5);
        Assert.That(gaussianBase.Mean, Is.EqualTo(new[] { 2.0, 11.0 }));
        Assert.That(gaussianBase.Scale, Is.EqualTo(1.5 * 2).Within(1e-12));
        Assert.That(gaussianBase.Curvature, Is.EqualTo(1 / 9.0).Within(1e-12));
    }

    [Test]
    public void DegenerateDataAndBadValuesAreRejected()
    {
        Assert.That(() => GaussianBase.AroundData(new float[,] { { 1, 1 } }, 2), Throws.ArgumentException.With.Message.Contains("at least 2 points"));
        Assert.That(() => GaussianBase.AroundData(new float[,] { { 1, 1 }, { 1, 1 } }, 2), Throws.ArgumentException.With.Message.Contains("not all equal"));
        Assert.That(() => new GaussianBase([0, double.NaN], 1), Throws.ArgumentException.With.Message.Contains("base mean[1] is NaN"));
        Assert.That(() => new GaussianBase([0], -1), Throws.ArgumentException.With.Message.Contains("base scale is -1"));
        Assert.That(() => GaussianBase.AroundData(new float[,] { { 0 }, { 1 } }, 0), Throws.ArgumentException.With.Message.Contains("base scale is 0"));
    }
}
