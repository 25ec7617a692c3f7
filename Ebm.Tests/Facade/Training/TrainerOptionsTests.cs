using Ebm.Facade.Training;

namespace Ebm.Tests.Facade.Training;

/// <summary>The learning-rate schedule and the validation of <see cref="TrainerOptions"/>.</summary>
[TestFixture]
public sealed class TrainerOptionsTests
{
    [Test]
    public void TheCosineScheduleFallsFromTheLearningRateToItsFinalFractionAndStaysThere()
    {
        var options = new TrainerOptions { LearningRate = 0.01, DecayIterations = 100, FinalLearningRateFraction = 0.1 };
        Assert.That(options.LearningRateAt(0), Is.EqualTo(0.01).Within(1e-15));
        Assert.That(options.LearningRateAt(50), Is.EqualTo(0.0055).Within(1e-15));   // halfway: the mean of 0.01 and 0.001
        Assert.That(options.LearningRateAt(25), Is.EqualTo(0.001 + 0.009 * (1 + Math.Cos(Math.PI / 4)) / 2).Within(1e-15));
        Assert.That(options.LearningRateAt(100), Is.EqualTo(0.001).Within(1e-15));
        Assert.That(options.LearningRateAt(1000), Is.EqualTo(0.001).Within(1e-15));
        Assert.That(new TrainerOptions { LearningRate = 0.01 }.LearningRateAt(1000), Is.EqualTo(0.01), "no decay by default");
    }

    [Test]
    public void BadScheduleValuesAreNamed()
    {
        Assert.That(() => new TrainerOptions { DecayIterations = -1 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("DecayIterations"));
        Assert.That(() => new TrainerOptions { FinalLearningRateFraction = 1.5 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("FinalLearningRateFraction"));
    }
}
