using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using Ebm.Tests.Support;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>
/// The Metropolis test on every backend, including NaN and infinite ratios: PoCL once accepted NaN ratios because an
/// unordered comparison was compiled as an ordered one, so divergent HMC proposals were taken.
/// </summary>
public sealed class ChainUpdateTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    [Test]
    public void NonFiniteRatiosAreDecidedExplicitly()
    {
        float[] ratios = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, 3f, -1e30f, float.NaN, float.NaN];
        using var logRatios = new DeviceVector<float>(Session, ratios.Length);
        using var accepted = new DeviceVector<int>(Session, ratios.Length);
        using var probabilities = new DeviceVector<float>(Session, ratios.Length);
        logRatios.CopyFrom(ratios);
        var launch = Session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>>>(
            (Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>>)AcceptProbe.Run);
        launch(Session.Accelerator.DefaultStream, ratios.Length, logRatios.View, accepted.View, probabilities.View);
        Assert.That(accepted.ToArray(), Is.EqualTo(new[] { 0, 1, 0, 1, 1, 0, 0, 0 }));
        Assert.That(probabilities.ToArray(), Is.EqualTo(new[] { 0f, 1f, 0f, 1f, 1f, 0f, 0f, 0f }));
    }
}
