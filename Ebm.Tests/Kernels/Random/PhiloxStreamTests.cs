using Ebm.Kernels.Random;

namespace Ebm.Tests.Kernels.Random;

/// <summary>Random access into a stream (used by the site-parallel Gibbs kernels) agrees with the sequential stream.</summary>
[TestFixture]
public sealed class PhiloxStreamTests
{
    [TestCase(0ul, 0u, 0ul)]
    [TestCase(0x0123456789ABCDEFul, 17u, 5ul)]
    [TestCase(42ul, 3u, ulong.MaxValue)]
    public void WordAtEqualsTheSequentialWord(ulong seed, uint stream, ulong step)
    {
        var sequential = new PhiloxStream(seed, stream, step);
        var random = new PhiloxStream(seed, stream, step);
        for (uint index = 0; index < 41; index++)
            Assert.That(random.WordAt(index), Is.EqualTo(sequential.NextUInt()), $"word {index}");
    }

    [Test]
    public void BlockAtDoesNotMoveTheSequentialPosition()
    {
        var stream = new PhiloxStream(7, 1, 2);
        var fresh = new PhiloxStream(7, 1, 2);
        _ = stream.BlockAt(9);
        Assert.That(stream.NextUInt(), Is.EqualTo(fresh.NextUInt()));
    }
}
