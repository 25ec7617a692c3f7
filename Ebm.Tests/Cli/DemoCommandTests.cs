using System.Text.Json;
using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Tests.Cli.Plots;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

[TestFixture]
public sealed class DemoCommandTests
{
    [Test]
    public void QuickDemoWritesEveryOutput()
    {
        using var folder = new CliFolder();
        string output = folder.File("demo");
        var run = CliRun.Of("demo", "--quick", "--out", output, "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.Multiple(() =>
        {
            Assert.That(PngFile.Size(File.ReadAllBytes(Path.Combine(output, "data_vs_samples.png"))), Is.EqualTo((1200, 600)));
            Assert.That(PngFile.Size(File.ReadAllBytes(Path.Combine(output, "energy.png"))), Is.EqualTo((800, 700)));
            Assert.That(PngFile.Size(File.ReadAllBytes(Path.Combine(output, "training.png"))), Is.EqualTo((1000, 900)));
            var samples = NpyFile.Read(Path.Combine(output, "samples.npy"));
            Assert.That(samples.Shape[1], Is.EqualTo(2));
            Assert.That(samples.ToSingle().All(float.IsFinite));
            Assert.That(ModelFiles.Load(Path.Combine(output, "model.safetensors")).Dimension, Is.EqualTo(2));
            using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
            Assert.That(double.IsFinite(metrics.RootElement.GetProperty("test_nll").GetDouble()));
            Assert.That(metrics.RootElement.GetProperty("data_entropy").GetDouble(), Is.EqualTo(2.8316).Within(1e-3));
            Assert.That(Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "demo" }), "no staging folder is left behind");
        });
    }

    [Test]
    public void AnExistingOutputFolderIsKeptWithoutForce()
    {
        using var folder = new CliFolder();
        string output = folder.File("demo");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");
        var run = CliRun.Of("demo", "--quick", "--out", output);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("--force"));
        Assert.That(File.ReadAllText(Path.Combine(output, "keep.txt")), Is.EqualTo("mine"));
    }

    [TestCase("demo", "--data", "spirals3")]
    [TestCase("demo", "--iterations", "0")]
    [TestCase("demo", "--iterations", "many")]
    [TestCase("train", "--data", "8gaussians", "--out", "/nonexistent-folder/model.safetensors", "--iterations", "1")]
    [TestCase("train", "--data", "missing-file.npy", "--out", "model.safetensors")]
    [TestCase("train", "--data", "8gaussians", "--out", "m.safetensors", "--model", "mlp:2-x-1")]
    [TestCase("train", "--data", "8gaussians", "--out", "m.safetensors", "--batch", "-4")]
    [TestCase("eval", "--model", "missing.safetensors", "--data", "8gaussians")]
    public void BadInputExitsWithUsageErrorAndOneLine(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Output + run.Error);
        Assert.That(run.Error.Trim().Split('\n'), Has.Length.EqualTo(1), run.Error);
    }
}
