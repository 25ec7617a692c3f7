using Ebm.Runtime.Accelerators;

namespace Ebm.Tests.Runtime;

[TestFixture]
public sealed class AcceleratorRequestTests
{
    [TestCase("auto", null, null)]
    [TestCase("CPU", AcceleratorKind.Cpu, null)]
    [TestCase("cuda:1", AcceleratorKind.Cuda, 1)]
    [TestCase(" opencl ", AcceleratorKind.OpenCL, null)]
    public void ParsesKindAndIndex(string text, AcceleratorKind? kind, int? index) =>
        Assert.That(AcceleratorRequest.Parse(text), Is.EqualTo(new AcceleratorRequest(kind, index)));

    [TestCase("gpu")]
    [TestCase("cuda:-1")]
    [TestCase("auto:0")]
    [TestCase("cuda:x")]
    [TestCase("cuda:0:1")]
    public void RejectsWhatIsNotAnAccelerator(string text) =>
        Assert.That(() => AcceleratorRequest.Parse(text), Throws.ArgumentException.With.Message.Contains(text));

    [Test]
    public void AbsentKindListsTheDevicesThatExist()
    {
        var error = Assert.Throws<AcceleratorNotFoundException>(() => AcceleratorSession.Open(new AcceleratorRequest(AcceleratorKind.Cuda, 7)))!;
        Assert.That(error.Message, Does.Contain("cuda:7").And.Contain("cpu:0"));
        Assert.That(error, Is.InstanceOf<ArgumentException>());
    }

    [Test]
    public void AutoRanksCudaThenOpenClGpuThenOpenClCpuThenIlgpuCpu()
    {
        DeviceDescription Make(AcceleratorKind kind, bool gpu) => new(kind, 0, "x", 0, 1, 1, gpu);
        var ranks = new[]
        {
            Make(AcceleratorKind.Cuda, true), Make(AcceleratorKind.OpenCL, true),
            Make(AcceleratorKind.OpenCL, false), Make(AcceleratorKind.Cpu, false),
        }.Select(device => device.AutoRank);
        Assert.That(ranks, Is.Ordered.Ascending.And.Unique);
    }

    [Test]
    public void SessionDisposesOnce()
    {
        var session = AcceleratorSession.Open("cpu");
        session.Dispose();
        Assert.DoesNotThrow(session.Dispose);
    }
}
