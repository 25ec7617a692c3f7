using Ebm.Facade.Validation;
using Ebm.Runtime.Accelerators;

namespace Ebm.Tests.Facade.Validation;

[TestFixture]
public sealed class CrossAcceleratorValidatorTests
{
    [Test]
    public void EveryCheckPassesOnTheCpuAccelerator()
    {
        using var session = AcceleratorSession.Open(new AcceleratorRequest(AcceleratorKind.Cpu, null));
        var checks = CrossAcceleratorValidator.RunOn(session);
        Assert.That(checks.Where(check => !check.Passed).Select(check => $"{check.Kernel}: {check.MaxError} > {check.Tolerance}"), Is.Empty);
        Assert.That(checks.Select(check => check.Kernel), Does.Contain("philox words (FillWords)").And.Contain("hmc mean (2-D Gaussian)")
            .And.Contain("adam update (θ, m, v)").And.Contain("cd reduction (WeightedColumnSums)"));
    }

    [Test]
    public void AbsentKindsAreListedNotFailed()
    {
        var report = CrossAcceleratorValidator.Run([AcceleratorKind.Cpu]);
        Assert.That(report.Passed, Is.True);
        Assert.That(report.Accelerators, Has.Count.EqualTo(1));
        Assert.That(report.Absent, Is.Empty);
    }

    [Test]
    public void AWrongReferenceIsAFailure()
    {
        float[] actual = [1f, 2f, 3f];
        double[] wrong = [1, 2, 3.01];
        double error = ValidationComparison.MaxRelativeError(actual, wrong, 1);
        var check = new ValidationCheck("energy injected", "cpu:0", error, 1e-4, "rel (floor 1)");
        Assert.That(check.Passed, Is.False);
        Assert.That(new ValidationReport([check, check with { MaxError = 0 }], ["cpu:0"], []).Passed, Is.False);
    }

    [Test]
    public void NonFiniteValuesFailAndMatchingInfinitiesPass()
    {
        Assert.That(ValidationComparison.MaxRelativeError([float.NaN], [0], 1), Is.EqualTo(double.PositiveInfinity));
        Assert.That(ValidationComparison.MaxRelativeError([float.PositiveInfinity], [double.PositiveInfinity], 1), Is.Zero);
        Assert.That(new ValidationCheck("k", "a", double.NaN, 1, "m").Passed, Is.False);
    }

    [Test]
    public void MismatchesCountDifferingWordsAndLength()
    {
        Assert.That(ValidationComparison.Mismatches([1u, 2u, 3u], [1u, 5u]), Is.EqualTo(2));
        Assert.That(ValidationComparison.MaxScaledError([1.5f], [1.0], [10.0]), Is.EqualTo(0.05).Within(1e-12));
    }
}
