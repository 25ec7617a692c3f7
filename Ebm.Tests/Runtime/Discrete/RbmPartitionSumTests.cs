using Ebm.Facade.Models;
using Ebm.Facade.Partition;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Discrete;
using Ebm.Tests.Support;

namespace Ebm.Tests.Runtime.Discrete;

/// <summary>
/// Exact log Z of an RBM summed on the device against the host's float64 Gray-code enumeration (itself checked against
/// brute force), over the hidden layer and over the visible one, with one code per thread and with many.
/// </summary>
public sealed class RbmPartitionSumTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    [TestCase(6, 3, 1.0)]
    [TestCase(3, 7, 1.0)]
    [TestCase(40, 13, 1.0)]
    [TestCase(30, 16, 2.5)]
    [TestCase(15, 40, 0.7)]
    public void TheDeviceSumIsTheHostEnumeration(int visible, int hidden, double temperature)
    {
        var machine = RbmSpec.Random(visible, hidden, 0.8, seed: (ulong)(visible * 100 + hidden)) with { Temperature = temperature };
        double host = machine.ExactLogPartition();
        double device = Likelihood.ExactLogPartition(machine, Session).LogZ;
        Assert.That(device, Is.EqualTo(host).Within(1e-10 * Math.Abs(host) + 1e-10));
    }

    [Test]
    public void TooLargeLayersAreRefused()
    {
        using var machine = (RbmDeviceEnergy)RbmSpec.Random(26, 25, 0.1, seed: 1).CreateDevice(Session);
        Assert.That(() => RbmPartitionSum.LogPartition(machine, 1, 24), Throws.ArgumentException.With.Message.Contains("sums over the 2^25 states of the smaller layer; the limit is 2^24"));
    }
}
