using CommunityToolkit.HighPerformance;
using Ebm.Facade.Models;
using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Tests.Support;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>
/// One SGLD step of <see cref="LangevinTransition"/> with a fixed noise scale and a [0, 1] clamp (workload W4's
/// transition) against a float64 host reference built from the same Philox words.
/// </summary>
public sealed class LangevinTransitionTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    [Test]
    public void ClampedSgldStepMatchesTheHostReference()
    {
        const int chains = 64, d = 3;
        const float stepSize = 0.2f, noise = 0.4f;
        var spec = new DiagonalGaussianSpec([2, -1, 0.5], [0.5, 1, 2]);
        var start = new float[chains * d];
        for (int i = 0; i < start.Length; i++)
            start[i] = (i % 7) / 6f;
        using var model = EnergyModel.Create(spec, Session);
        using var pool = new ChainPool(Session, chains, d, seed: 5);
        pool.SetStepSizes(stepSize);
        pool.Initialize(model.Device, new ReadOnlySpan2D<float>(start, chains, d));
        var transition = new LangevinTransition { Noise = LangevinNoise.Fixed, NoiseScale = noise, Bounds = PositionBounds.Box, Low = 0, High = 1 };
        ChainAdvance.Run(model.Device, pool, transition, new SamplerSettings { Steps = 1, InverseTemperature = 1 }, null);
        Session.Synchronize();
        float[] positions = [.. pool.ReadPositions().Cast<float>()];

        var point = new double[d];
        var gradient = new double[d];
        int clampedLow = 0, clampedHigh = 0;
        double worst = 0;
        for (int c = 0; c < chains; c++)
        {
            for (int j = 0; j < d; j++)
                point[j] = start[c * d + j];
            spec.ReferenceEnergy(point, gradient);
            var random = new PhiloxStream(5, (uint)c, 0);
            for (int j = 0; j < d; j++)
            {
                double moved = point[j] - stepSize * gradient[j] + noise * random.NextNormal();
                clampedLow += moved < 0 ? 1 : 0;
                clampedHigh += moved > 1 ? 1 : 0;
                worst = Math.Max(worst, Math.Abs(positions[c * d + j] - Math.Clamp(moved, 0, 1)));
            }
        }
        TestContext.Out.WriteLine($"{clampedLow} coordinates clamped at 0, {clampedHigh} at 1; largest error {worst:G3}");
        Assert.Multiple(() =>
        {
            Assert.That(clampedLow, Is.GreaterThan(10), "the case must exercise the lower bound");
            Assert.That(clampedHigh, Is.GreaterThan(10), "the case must exercise the upper bound");
            Assert.That(positions, Is.All.InRange(0f, 1f));
            Assert.That(worst, Is.LessThan(1e-5), "positions are O(1): float32 rounding of the step, CUDA's approximate log/sin/cos");
        });
    }

    [Test]
    public void ALaunchWithAnInvalidTransitionIsRefusedBeforeItRuns()
    {
        var spec = new DiagonalGaussianSpec([0, 0], [1, 1]);
        using var model = EnergyModel.Create(spec, Session);
        using var pool = new ChainPool(Session, 8, 2, seed: 1);
        pool.InitializeNormal(model.Device, new float[2], 1);
        ulong step = pool.Step;
        Assert.That(() => ChainAdvance.Run(model.Device, pool, default(HmcTransition), new SamplerSettings { Steps = 3, InverseTemperature = 1 }, null),
            Throws.ArgumentException.With.Message.Contains("leapfrog"));
        Assert.That(pool.Step, Is.EqualTo(step), "nothing ran");
    }
}
