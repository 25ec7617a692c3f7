using Ebm.Kernels.Samplers;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>Transition parameters that cannot sample are named before a launch (ChainAdvance throws with the text).</summary>
[TestFixture]
public sealed class TransitionProblemTests
{
    [Test]
    public void DefaultHmcHasNoLeapfrogStepsAndNoThreshold()
    {
        Assert.Multiple(() =>
        {
            Assert.That(default(HmcTransition).Problem, Does.Contain("leapfrog"));
            Assert.That(new HmcTransition { Leapfrog = 5 }.Problem, Does.Contain("divergence threshold"));
            Assert.That(new HmcTransition { Leapfrog = 5, DivergenceThreshold = 1000 }.Problem, Is.Null);
        });
    }

    [Test]
    public void LangevinNeedsAFiniteNoiseAndAnOrderedBox()
    {
        Assert.Multiple(() =>
        {
            Assert.That(default(LangevinTransition).Problem, Is.Null, "exact ULA without a clamp");
            Assert.That(new LangevinTransition { Noise = LangevinNoise.Fixed, NoiseScale = -1 }.Problem, Does.Contain("noise scale"));
            Assert.That(new LangevinTransition { Noise = LangevinNoise.Fixed, NoiseScale = float.NaN }.Problem, Does.Contain("noise scale"));
            Assert.That(new LangevinTransition { Bounds = PositionBounds.Box, Low = 1, High = 0 }.Problem, Does.Contain("low < high"));
        });
    }
}
