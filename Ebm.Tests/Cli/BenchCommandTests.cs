using System.Text.Json;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

[TestFixture]
public sealed class BenchCommandTests
{
    [Test]
    public void W1JsonHasTheThroughputKeys()
    {
        var run = CliRun.Of("bench", "--workload", "W1", "--json", "--chains", "64", "--steps", "5", "--repeats", "3", "--accelerator", "cpu");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.That(root.GetProperty("accelerator").GetString(), Is.EqualTo("cpu:0"));
        var workloads = root.GetProperty("workloads").EnumerateArray().ToList();
        Assert.That(workloads, Has.Count.EqualTo(1));
        var w1 = workloads[0];
        Assert.That(w1.GetProperty("workload").GetString(), Is.EqualTo("W1"));
        Assert.That(w1.GetProperty("chains").GetInt32(), Is.EqualTo(64));
        Assert.That(w1.GetProperty("steps").GetInt32(), Is.EqualTo(5));
        Assert.That(w1.GetProperty("seconds").GetArrayLength(), Is.EqualTo(3));
        Assert.That(w1.GetProperty("chain_steps_per_second").GetDouble(), Is.GreaterThan(0));
        Assert.That(w1.GetProperty("gradient_evaluations_per_second").GetDouble(), Is.GreaterThan(0));
        Assert.That(w1.GetProperty("median_seconds").GetDouble(), Is.GreaterThan(0));
        Assert.That(root.GetProperty("scaling").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void W2To4StateTheirFlopCounts()
    {
        var run = CliRun.Of("bench", "--workload", "all", "--chains", "8", "--steps", "2", "--repeats", "1", "--accelerator", "cpu");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("W1").And.Contain("W2").And.Contain("W3").And.Contain("W4").And.Contain("W2 FLOP count").And.Contain("W4 FLOP count"));
    }

    [TestCase("--workload", "W9")]
    [TestCase("--repeats", "0")]
    [TestCase("--chains", "0")]
    public void BadOptionsAreUsageErrors(string option, string value)
    {
        var run = CliRun.Of("bench", option, value, "--accelerator", "cpu");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Output);
    }
}
