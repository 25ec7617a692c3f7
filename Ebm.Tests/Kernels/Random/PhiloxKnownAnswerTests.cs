using System.Globalization;
using Ebm.Kernels.Random;
using Ebm.Tests.Support;

namespace Ebm.Tests.Kernels.Random;

/// <summary>Philox4x32-10 against the known-answer vectors published with Random123.</summary>
[TestFixture]
public sealed class PhiloxKnownAnswerTests
{
    public static IEnumerable<TestCaseData> Vectors()
    {
        foreach (string line in File.ReadLines(FixturePath.Of("philox/kat_vectors.txt")))
        {
            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
                continue;
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            uint[] words = [.. f.Skip(2).Select(word => uint.Parse(word, NumberStyles.HexNumber))];
            yield return new TestCaseData(words[0..4], words[4..6], words[6..10]).SetName($"Kat({f[2]} {f[6]})");
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void KernelBijectionMatchesPublishedVector(uint[] counter, uint[] key, uint[] expected)
    {
        var block = Philox4x32.Generate(new PhiloxBlock(counter[0], counter[1], counter[2], counter[3]), key[0], key[1]);
        Assert.That(new[] { block.X0, block.X1, block.X2, block.X3 }, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Vectors))]
    public void ReferenceMatchesPublishedVector(uint[] counter, uint[] key, uint[] expected) =>
        Assert.That(ReferencePhilox.Block(counter, key), Is.EqualTo(expected));

    [Test]
    public void FixtureHoldsTheThreePublishedVectors() => Assert.That(Vectors().Count(), Is.EqualTo(3));

    [Test]
    public void UniformsStayInsideTheirHalfOpenIntervals()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RandomBits.ToUniform(uint.MaxValue), Is.LessThan(1.0f));
            Assert.That(RandomBits.ToUniform(0), Is.EqualTo(0.0f));
            Assert.That(RandomBits.ToUniformOpenLow(0), Is.GreaterThan(0.0f));
            Assert.That(RandomBits.ToUniformOpenLow(uint.MaxValue), Is.EqualTo(1.0f));
            Assert.That(float.IsFinite(RandomBits.ToNormalPair(0, 0, out float second)) && float.IsFinite(second));
        });
    }
}
