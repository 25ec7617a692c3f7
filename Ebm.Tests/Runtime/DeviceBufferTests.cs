using CommunityToolkit.HighPerformance;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using Ebm.Tests.Support;

namespace Ebm.Tests.Runtime;

public sealed class DeviceBufferTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    [Test]
    public void AChainPoolLargerThanTheDeviceIsRefusedBeforeAllocating()
    {
        Assert.That(() => new Ebm.Runtime.Chains.ChainPool(Session, 1 << 20, 1 << 24, seed: 0),
            Throws.InstanceOf<DeviceAllocationException>().With.Message.Contains("chain state of 1,048,576 chains of dimension 16,777,216"));
    }

    [Test]
    public void VectorRoundTripsThroughTheDevice()
    {
        using var vector = new DeviceVector<float>(Session, 5);
        vector.CopyFrom([1f, 2f, 3f, 4f, 5f]);
        Assert.That(vector.ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f, 4f, 5f }));
    }

    [Test]
    public void MatrixCopiesStridedHostViewsRowByRow()
    {
        var host = new float[4, 6];
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 6; c++)
                host[r, c] = 10 * r + c;
        using var matrix = new DeviceMatrix<float>(Session, 4, 3);
        matrix.CopyFrom(host.AsSpan2D().Slice(0, 2, 4, 3)); // columns 2..4: not contiguous
        var back = new float[4, 3];
        matrix.CopyTo(back.AsSpan2D());
        Assert.That(back[3, 0], Is.EqualTo(32f));
        Assert.That(back[1, 2], Is.EqualTo(14f));
    }

    [Test]
    public void WrongSizesAreRejectedWithTheExpectedShape()
    {
        using var matrix = new DeviceMatrix<float>(Session, 2, 3);
        Assert.That(() => matrix.CopyFrom(new float[3, 2].AsSpan2D()), Throws.ArgumentException.With.Message.Contains("[2, 3]"));
        using var vector = new DeviceVector<float>(Session, 4);
        Assert.That(() => vector.CopyFrom(new float[3]), Throws.ArgumentException.With.Message.Contains("4"));
    }

    [Test]
    public void HugeAllocationNamesTheSizeAndTheDevice()
    {
        var error = Assert.Throws<DeviceAllocationException>(() => new DeviceVector<float>(Session, 1L << 45))!;
        Assert.That(error.Message, Does.Contain("bytes").And.Contain(Session.Device.Name));
    }
}
