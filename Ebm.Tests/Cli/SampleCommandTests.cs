using System.Text.Json;
using Ebm.Facade.IO;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

[TestFixture]
public sealed class SampleCommandTests
{
    private const string Gaussian = """{"energy": "diagonal_gaussian", "mean": [1, -2], "scales": [0.5, 2]}""";

    [Test]
    public void JsonHasEveryKeyAndTheDrawsFileHasTheDrawsChainsDimensionShape()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("sample", "--model", folder.Spec("model.json", Gaussian), "--sampler", "hmc", "--chains", "8",
            "--steps", "40", "--warmup", "20", "--leapfrog", "5", "--thin", "2", "--seed", "11",
            "--out", folder.File("draws.npy"), "--accelerator", "cpu", "--json", "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Error, Is.Empty, "--quiet prints no progress");
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        string[] keys = ["accelerator", "sampler", "chains", "d", "draws", "per_dimension", "acceptance", "divergences",
            "excluded_chains", "seconds", "chain_steps_per_s", "gradient_evals_per_s"];
        foreach (string key in keys)
            Assert.That(root.TryGetProperty(key, out _), Is.True, $"key '{key}' in {run.Output}");
        Assert.That(root.GetProperty("accelerator").GetString(), Is.EqualTo("cpu:0"));
        Assert.That(root.GetProperty("sampler").GetString(), Is.EqualTo("hmc"));
        Assert.That(root.GetProperty("chains").GetInt32(), Is.EqualTo(8));
        Assert.That(root.GetProperty("d").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("draws").GetInt32(), Is.EqualTo(20));
        var perDimension = root.GetProperty("per_dimension").EnumerateArray().ToList();
        Assert.That(perDimension, Has.Count.EqualTo(2));
        foreach (var entry in perDimension)
        {
            Assert.That(entry.EnumerateObject().Select(property => property.Name),
                Is.EqualTo(new[] { "mean", "var", "mcse", "rhat", "ess_bulk", "ess_tail" }));
        }
        Assert.That(root.GetProperty("acceptance").GetDouble(), Is.InRange(0, 1));

        var draws = NpyFile.Read(folder.File("draws.npy"));
        Assert.That(draws.DType, Is.EqualTo(NpyDType.Float32));
        Assert.That(draws.Shape, Is.EqualTo(new[] { 20, 8, 2 }));
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "draws.npy", "model.json" }));
    }

    [Test]
    public void TheSameSeedWritesIdenticalBytesAndAnotherSeedDoesNot()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", Gaussian);
        byte[] Sample(string seed, string name)
        {
            var run = CliRun.Of("sample", "--model", spec, "--sampler", "mala", "--chains", "6", "--steps", "30", "--warmup", "10",
                "--seed", seed, "--out", folder.File(name), "--accelerator", "cpu", "--quiet");
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            return File.ReadAllBytes(folder.File(name));
        }
        byte[] first = Sample("42", "a.npy"), second = Sample("42", "b.npy"), other = Sample("43", "c.npy");
        Assert.That(second, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void TheTextSummaryHasTheTableAndTheThroughput()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("sample", "--model", folder.Spec("model.json", Gaussian), "--sampler", "rwmh", "--chains", "4",
            "--steps", "20", "--warmup", "0", "--step-size", "0.5", "--out", folder.File("draws.npy"), "--accelerator", "cpu");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("rwmh: 4 chains × 20 draws"));
        Assert.That(run.Output, Does.Contain("dim  mean").And.Contain("ess_bulk").And.Contain("ess_tail"));
        Assert.That(run.Output, Does.Contain("acceptance").And.Contain("divergences").And.Contain("excluded chains"));
        Assert.That(run.Output, Does.Contain("chain-steps/s").And.Contain("gradient evals/s"));
        Assert.That(run.Error, Does.Contain("ebm: sampling 20/20 steps"), "progress goes to standard error");
    }

    [Test]
    public void ChainsStartFromAnInitFile()
    {
        using var folder = new CliFolder();
        string init = folder.Points("init.npy", new double[,] { { 1, -2 }, { 1.5, -1 }, { 0.5, -3 } });
        var run = CliRun.Of("sample", "--model", folder.Spec("model.json", Gaussian), "--sampler", "ula", "--chains", "3",
            "--steps", "5", "--warmup", "0", "--step-size", "1e-6", "--init", init, "--out", folder.File("draws.npy"),
            "--accelerator", "cpu", "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var draws = NpyFile.Read(folder.File("draws.npy")).ToSingle();
        Assert.That(draws[2 * 2 + 0], Is.EqualTo(0.5).Within(0.05), "chain 2 starts at (0.5, −3) and barely moves with ε = 1e-6");
        Assert.That(draws[2 * 2 + 1], Is.EqualTo(-3).Within(0.05));
    }

    [TestCase("--chains=-3", "--chains must be at least 1; got -3")]
    [TestCase("--chains=0", "--chains must be at least 1; got 0")]
    [TestCase("--chains=abc", "--chains must be an integer; got 'abc'")]
    [TestCase("--steps=0", "--steps must be at least 1; got 0")]
    [TestCase("--warmup=-1", "--warmup must be at least 0; got -1")]
    [TestCase("--leapfrog=0", "--leapfrog must be at least 1; got 0")]
    [TestCase("--thin=3", "--steps 10 must be a multiple of --thin 3")]
    [TestCase("--thin=0", "--thin must be at least 1; got 0")]
    [TestCase("--step-size=NaN", "--step-size must be a finite number; got 'NaN'")]
    [TestCase("--step-size=-0.1", "--step-size must be positive; got -0.1")]
    [TestCase("--seed=-1", "--seed must be an integer between 0 and")]
    [TestCase("--sampler=nuts", "--sampler must be one of ula, mala, hmc, rwmh, gibbs; got 'nuts'")]
    [TestCase("--sampler=gibbs", "--sampler gibbs needs a discrete model, and the diagonal_gaussian model is continuous")]
    [TestCase("--init=normal:0", "--init normal:SIGMA needs a positive finite SIGMA; got '0'")]
    [TestCase("--init=absent.npy", "--init: absent.npy does not exist")]
    [TestCase("--accelerator=cuda:99", "no cuda:99 accelerator on this machine")]
    public void InvalidOptionsExitWithUsageErrorAndAOneLineMessage(string option, string expected)
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", Gaussian);
        var defaults = new Dictionary<string, string>
        {
            ["--sampler"] = "hmc",
            ["--chains"] = "2",
            ["--steps"] = "10",
            ["--warmup"] = "0",
            ["--accelerator"] = "cpu",
        };
        string name = option.Split('=')[0];
        defaults.Remove(name);
        List<string> args = ["sample", "--model", spec, "--out", folder.File("draws.npy"), "--quiet", option];
        foreach (var (key, value) in defaults)
            args.AddRange([key, value]);
        var run = CliRun.Of([.. args]);
        CliFolder.AssertUsageError(run, expected);
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "model.json" }));
    }

    [Test]
    public void NegativeNumbersAreAlsoRejectedAsSeparateTokens()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("sample", "--model", folder.Spec("model.json", Gaussian), "--sampler", "hmc", "--chains", "-3",
            "--steps", "10", "--out", folder.File("draws.npy"));
        CliFolder.AssertUsageError(run, "--chains must be at least 1; got -3");
    }

    [Test]
    public void AnInitFileWithTheWrongNumberOfChainsIsRejected()
    {
        using var folder = new CliFolder();
        string init = folder.Points("init.npy", new double[,] { { 1, -2 }, { 1.5, -1 } });
        var run = CliRun.Of("sample", "--model", folder.Spec("model.json", Gaussian), "--sampler", "hmc", "--chains", "3",
            "--steps", "10", "--init", init, "--out", folder.File("draws.npy"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(run, "holds 2 points; there are 3 chains (--chains)");
    }

    [Test]
    public void AnUnknownEnergyKindIsReportedBeforeSampling()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("sample", "--model", folder.Spec("model.json", """{"energy": "ising", "size": 4}"""), "--sampler", "gibbs",
            "--chains", "3", "--steps", "10", "--out", folder.File("draws.npy"));
        CliFolder.AssertUsageError(run, "unknown energy kind 'ising'");
    }
}
