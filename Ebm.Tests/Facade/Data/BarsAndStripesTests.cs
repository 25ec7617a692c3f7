using Ebm.Facade.Data;

namespace Ebm.Tests.Facade.Data;

[TestFixture]
public sealed class BarsAndStripesTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void PatternsAreDistinctBarsOrStripes(int side)
    {
        var patterns = BarsAndStripes.Patterns(side);
        int count = patterns.GetLength(0), units = side * side;
        Assert.That(count, Is.EqualTo(BarsAndStripes.PatternCount(side)));
        var seen = new HashSet<string>();
        for (int n = 0; n < count; n++)
        {
            var image = Enumerable.Range(0, units).Select(i => patterns[n, i]).ToArray();
            Assert.That(seen.Add(string.Concat(image)), Is.True, "duplicate pattern");
            bool stripes = Enumerable.Range(0, side).All(r => Enumerable.Range(0, side).All(c => image[r * side + c] == image[r * side]));
            bool bars = Enumerable.Range(0, side).All(c => Enumerable.Range(0, side).All(r => image[r * side + c] == image[c]));
            Assert.That(stripes || bars, Is.True);
        }
    }

    [Test]
    public void GenerateDrawsOnlyPatternsAndIsReproducible()
    {
        var first = BarsAndStripes.Generate(3, 200, 7);
        Assert.That(BarsAndStripes.Generate(3, 200, 7), Is.EqualTo(first));
        var patterns = BarsAndStripes.Patterns(3);
        var known = Enumerable.Range(0, 14).Select(n => string.Concat(Enumerable.Range(0, 9).Select(i => patterns[n, i]))).ToHashSet();
        for (int n = 0; n < 200; n++)
            Assert.That(known, Does.Contain(string.Concat(Enumerable.Range(0, 9).Select(i => first[n, i]))));
    }
}
