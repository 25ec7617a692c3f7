using Ebm.Kernels.Energies;

namespace Ebm.Tests.Kernels.Energies;

[TestFixture]
public sealed class PointLayoutTests
{
    [Test]
    public void RowMajorIsRowTimesDimensionPlusCoordinate()
    {
        var layout = PointLayout.RowMajor(3);
        Assert.Multiple(() =>
        {
            Assert.That(layout.At(0, 0), Is.EqualTo(0));
            Assert.That(layout.At(4, 2), Is.EqualTo(14));
            Assert.That(layout.Length(5), Is.EqualTo(15));
        });
    }

    [TestCase(1, 1)]
    [TestCase(37, 3)]
    [TestCase(64, 100)]
    public void BlockedPlacesEveryCoordinateOnceInsideWholeBlocks(int points, int dimension)
    {
        var layout = PointLayout.Blocked(dimension);
        var offsets = new HashSet<long>();
        for (int i = 0; i < points; i++)
            for (int j = 0; j < dimension; j++)
                Assert.That(offsets.Add(layout.At(i, j)), Is.True, $"({i}, {j}) collides");
        long whole = (points + PointLayout.ChainBlock - 1) / PointLayout.ChainBlock * PointLayout.ChainBlock * (long)dimension;
        Assert.Multiple(() =>
        {
            Assert.That(layout.Length(points), Is.EqualTo(whole));
            Assert.That(offsets.Max(), Is.LessThan(whole));
        });
    }

    [Test]
    public void AdjacentPointsOfABlockAreAdjacentAndCoordinatesOneBlockApart()
    {
        var layout = PointLayout.Blocked(5);
        Assert.Multiple(() =>
        {
            Assert.That(layout.At(7, 2) - layout.At(6, 2), Is.EqualTo(1), "adjacent threads touch adjacent floats");
            Assert.That(layout.At(6, 3) - layout.At(6, 2), Is.EqualTo(PointLayout.ChainBlock), "a point's coordinates are one block apart");
            Assert.That(layout.At(16, 0), Is.EqualTo(16 * 5), "the second block starts after the first block's d coordinates");
        });
    }
}
