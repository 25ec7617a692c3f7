using System.Text.Json;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

[TestFixture]
public sealed class ValidateCommandTests
{
    [Test]
    public void PassesOnTheCpuAcceleratorWithJson()
    {
        var run = CliRun.Of("validate", "--accelerators", "cpu", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output + run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.That(root.GetProperty("passed").GetBoolean(), Is.True);
        var checks = root.GetProperty("checks").EnumerateArray().ToList();
        Assert.That(checks, Is.Not.Empty);
        Assert.That(checks.All(check => check.GetProperty("accelerator").GetString() == "cpu:0"), Is.True);
        foreach (string key in new[] { "kernel", "max_error", "tolerance", "metric", "passed" })
            Assert.That(checks[0].TryGetProperty(key, out _), Is.True, key);
    }

    [Test]
    public void TextTableSaysWhatIsAbsent()
    {
        var run = CliRun.Of("validate");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output + run.Error);
        Assert.That(run.Output, Does.Contain("kernel").And.Contain("tolerance").And.Contain("absent:").And.Contain("checks passed"));
    }

    [TestCase("bogus")]
    [TestCase("cuda:1")]
    public void BadKindsAreUsageErrors(string kinds)
    {
        var run = CliRun.Of("validate", "--accelerators", kinds);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.StartWith("ebm: error:"));
    }
}
