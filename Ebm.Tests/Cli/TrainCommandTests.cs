using System.Text.Json;
using Ebm.Facade.Models;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

/// <summary><c>ebm train</c>: a tiny run end to end, the base-term option, and bad options.</summary>
[TestFixture]
public sealed class TrainCommandTests
{
    private static readonly string[] Tiny = ["train", "--data", "8gaussians", "--model", "mlp:2-8-1", "--iterations", "3", "--batch", "16", "--k", "2", "--buffer", "64", "--json"];

    [Test]
    public void ATinyRunSavesAModelWithTheBaseTermAroundTheDataAndReportsItsNll()
    {
        using var folder = new CliFolder();
        string model = folder.File("model.safetensors");
        var run = CliRun.Of([.. Tiny, "--out", model]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var json = JsonDocument.Parse(run.Output);
        Assert.That(json.RootElement.GetProperty("iterations").GetInt32(), Is.EqualTo(3));
        Assert.That(double.IsFinite(json.RootElement.GetProperty("test_nll").GetDouble()));
        Assert.That(json.RootElement.GetProperty("test_nll_standard_error").GetDouble(), Is.GreaterThan(0));
        var saved = (MlpSpec)ModelFiles.Load(model);
        // 8gaussians: the ring of radius 2√2 with σ = 0.5/√2 per cluster gives each coordinate a variance of 4 + 0.125;
        // the default base is half a standard deviation wide.
        Assert.That(saved.Base!.Scale, Is.EqualTo(0.5 * Math.Sqrt(4.125)).Within(0.03));
        Assert.That(saved.Base.Mean.Select(Math.Abs), Has.All.LessThan(0.05));
        Assert.That(File.Exists(folder.File("model.checkpoint.safetensors")));
    }

    [Test]
    public void ADivergingRunNamesTheIterationExitsThreeAndWritesNoModel()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("train", "--data", "8gaussians", "--iterations", "300", "--batch", "32", "--k", "5", "--step-size", "3",
            "--quiet", "--out", folder.File("m.safetensors"));
        Assert.That(run.ExitCode, Is.EqualTo(3), run.Error);
        Assert.That(run.Error, Does.Match(@"^ebm: training diverged: .* at iteration \d+: .*\n?$"), "one line");
        Assert.That(File.Exists(folder.File("m.safetensors")), Is.False, "no model of a diverged run");
    }

    [Test]
    public void BaseScaleNoneTrainsThePlainNetwork()
    {
        using var folder = new CliFolder();
        string model = folder.File("model.safetensors");
        var run = CliRun.Of([.. Tiny, "--base-scale", "none", "--lr-decay", "none", "--out", model]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(((MlpSpec)ModelFiles.Load(model)).Base, Is.Null);
    }

    [Test]
    public void ABatchLargerThanTheDefaultBufferGetsABufferOfItsSize()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("train", "--data", "8gaussians", "--model", "mlp:2-4-1", "--iterations", "1", "--k", "1", "--batch", "1100",
            "--quiet", "--out", folder.File("model.safetensors"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
    }

    [Test]
    public void AnExplicitBufferSmallerThanTheBatchIsNamedWithItsValue()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("train", "--data", "8gaussians", "--batch", "64", "--buffer", "32", "--out", folder.File("model.safetensors"));
        CliFolder.AssertUsageError(run, "BufferSize must be at least the batch size (got 32)");
        Assert.That(folder.FileNames(), Is.Empty, "nothing is written");
    }

    [TestCase("--base-scale", "0", "--base-scale must be a positive number or 'none'")]
    [TestCase("--base-scale", "wide", "--base-scale must be a positive number or 'none'")]
    [TestCase("--reinit", "1.5", "--reinit must be a probability between 0 and 1")]
    [TestCase("--lr-decay", "linear", "--lr-decay must be one of cosine, none")]
    public void BadTrainingOptionsAreNamed(string option, string value, string expected)
    {
        using var folder = new CliFolder();
        var run = CliRun.Of([.. Tiny, option, value, "--out", folder.File("model.safetensors")]);
        CliFolder.AssertUsageError(run, expected);
        Assert.That(folder.FileNames(), Is.Empty, "nothing is written");
    }
}
