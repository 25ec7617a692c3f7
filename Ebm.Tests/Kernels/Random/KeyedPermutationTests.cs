using Ebm.Kernels.Random;

namespace Ebm.Tests.Kernels.Random;

/// <summary>The keyed permutation that picks distinct replay-buffer slots: a bijection for every size, and uniform subsets.</summary>
public sealed class KeyedPermutationTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(1000)]
    [TestCase(10_007)]
    public void IsABijectionOfZeroToN(int count)
    {
        var permutation = new KeyedPermutation(count, seed: 42, streamId: 7, step: 3);
        var images = Enumerable.Range(0, count).Select(permutation.Apply).ToArray();
        Assert.That(images, Is.All.InRange(0, count - 1));
        Assert.That(images.Distinct().Count(), Is.EqualTo(count));
    }

    /// <summary>
    /// The first 3 of 10 over 20,000 keys: each slot is among them with probability 3/10, and each is first with
    /// probability 1/10. Bounds are 5 binomial standard deviations; a fixed offset or an identity fails by hundreds of them.
    /// </summary>
    [Test]
    public void ItsPrefixesAreUniformSubsets()
    {
        const int count = 10, taken = 3, keys = 20_000;
        var chosen = new int[count];
        var first = new int[count];
        for (int step = 0; step < keys; step++)
        {
            var permutation = new KeyedPermutation(count, seed: 1, streamId: 0xB0FF, step: (ulong)step);
            for (int i = 0; i < taken; i++)
                chosen[permutation.Apply(i)]++;
            first[permutation.Apply(0)]++;
        }
        double chosenBound = 5 * Math.Sqrt(keys * 0.3 * 0.7), firstBound = 5 * Math.Sqrt(keys * 0.1 * 0.9);
        Assert.Multiple(() =>
        {
            for (int slot = 0; slot < count; slot++)
            {
                Assert.That(chosen[slot], Is.EqualTo(keys * 0.3).Within(chosenBound), $"slot {slot} among the first {taken}");
                Assert.That(first[slot], Is.EqualTo(keys * 0.1).Within(firstBound), $"slot {slot} first");
            }
        });
    }
}
