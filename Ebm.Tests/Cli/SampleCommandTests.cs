using System.Text.Json;
using Ebm.Facade.IO;
using Ebm.Runtime.Chains;
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
    public void NutsReportsItsTreesInJsonAndText()
    {
        using var folder = new CliFolder();
        string[] arguments = ["sample", "--model", folder.Spec("model.json", Gaussian), "--sampler", "nuts", "--chains", "16",
            "--steps", "100", "--warmup", "100", "--max-depth", "6", "--out", folder.File("draws.npy"), "--accelerator", "cpu", "--quiet"];
        var json = CliRun.Of([.. arguments, "--json"]);
        Assert.That(json.ExitCode, Is.EqualTo(0), json.Error);
        using var document = JsonDocument.Parse(json.Output);
        var tree = document.RootElement.GetProperty("tree");
        Assert.Multiple(() =>
        {
            Assert.That(tree.GetProperty("max_depth").GetInt32(), Is.EqualTo(6));
            Assert.That(tree.GetProperty("mean_depth").GetDouble(), Is.InRange(1, 6));
            Assert.That(tree.GetProperty("max_depth_share").GetDouble(), Is.InRange(0, 1));
            Assert.That(tree.GetProperty("gradients_per_draw").GetDouble(), Is.InRange(1, 63));
            Assert.That(document.RootElement.GetProperty("acceptance").GetDouble(), Is.InRange(0.5, 1), "the mean acceptance statistic, adapted to 0.8");
        });
        var text = CliRun.Of(arguments);
        Assert.That(text.ExitCode, Is.EqualTo(0), text.Error);
        Assert.That(text.Output, Does.Match(@"trees: mean depth [0-9.]+, [0-9.]+% at the maximum depth 6, [0-9.]+ gradient evals per transition"));
    }

    [TestCase("""{"energy": "funnel", "dim": 1000000000, "sigma": 3}""", "dim is 1,000,000,000; at most 16,777,216")]
    [TestCase("""{"energy": "banana", "dim": 1e9, "a": 1, "b": 1}""", "dim is 1,000,000,000; at most 16,777,216")]
    [TestCase("""{"energy": "funnel", "dim": 1e12, "sigma": 3}""", "'dim' is 1000000000000, beyond the integers this engine takes")]
    public void AHugeDimensionIsRefusedBeforeAnythingIsAllocated(string json, string expected)
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("sample", "--model", folder.Spec("model.json", json), "--sampler", "hmc", "--chains", "2", "--steps", "2", "--out", folder.File("d.npy"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(run, expected);
    }

    [Test]
    public void AResumeWithAnotherModelOrFixedOptionsIsRefusedSayingWhatDiffers()
    {
        using var folder = new CliFolder();
        string banana = folder.Spec("banana.json", """{"energy": "banana", "dim": 2, "a": 1, "b": 4}""");
        string other = folder.Spec("other.json", """{"energy": "banana", "dim": 2, "a": 1, "b": 5}""");
        string reformatted = folder.Spec("same.json", """{ "b": 4.0, "a": 1, "dim": 2, "energy": "banana" }""");
        string[] common = ["sample", "--sampler", "hmc", "--chains", "4", "--steps", "4", "--accelerator", "cpu", "--quiet"];
        Assert.That(CliRun.Of([.. common, "--model", banana, "--warmup", "4", "--out", folder.File("a.npy"), "--checkpoint", folder.File("c.safetensors")]).ExitCode, Is.EqualTo(0));
        var wrongModel = CliRun.Of([.. common, "--model", other, "--out", folder.File("b.npy"), "--resume", folder.File("c.safetensors")]);
        CliFolder.AssertUsageError(wrongModel, "was written for another banana model");
        var seed = CliRun.Of([.. common, "--model", banana, "--seed", "9", "--out", folder.File("b.npy"), "--resume", folder.File("c.safetensors")]);
        CliFolder.AssertUsageError(seed, "--seed 9 differs from the seed 0 of");
        var same = CliRun.Of([.. common, "--model", reformatted, "--out", folder.File("b.npy"), "--resume", folder.File("c.safetensors")]);
        Assert.That(same.ExitCode, Is.EqualTo(0), "the same model written differently resumes: " + same.Error);
    }

    [Test]
    public void CheesReportsItsSharedTrajectoryLength()
    {
        using var folder = new CliFolder();
        string[] arguments = ["sample", "--model", folder.Spec("model.json", Gaussian), "--sampler", "chees", "--chains", "64",
            "--steps", "50", "--warmup", "150", "--out", folder.File("draws.npy"), "--accelerator", "cpu", "--quiet"];
        var json = CliRun.Of([.. arguments, "--json"]);
        Assert.That(json.ExitCode, Is.EqualTo(0), json.Error);
        using var document = JsonDocument.Parse(json.Output);
        Assert.That(document.RootElement.GetProperty("trajectory_length").GetDouble(), Is.GreaterThan(0));
        Assert.That(document.RootElement.GetProperty("gradients_per_transition").GetDouble(), Is.InRange(1, TransitionChoice.CheesMaxLeapfrog));
        var text = CliRun.Of(arguments);
        Assert.That(text.Output, Does.Match(@"trajectory length [0-9.]+ shared by every chain, jittered: [0-9.]+ gradient evals per transition"));
    }

    [Test]
    public void SuperchainsAddNestedRHatToJsonAndTextAndTakeOneInitRowEach()
    {
        using var folder = new CliFolder();
        string starts = folder.Points("starts.npy", new double[,] { { 0, 0 }, { 20, 20 }, { -20, 20 }, { 20, -20 } });
        string[] arguments = ["sample", "--model", folder.Spec("model.json", Gaussian), "--sampler", "mala", "--step-size", "0.01", "--chains", "16", "--superchains", "4",
            "--init", starts, "--steps", "4", "--warmup", "0", "--out", folder.File("draws.npy"), "--accelerator", "cpu", "--quiet"];
        var json = CliRun.Of([.. arguments, "--json"]);
        Assert.That(json.ExitCode, Is.EqualTo(0), json.Error);
        using var document = JsonDocument.Parse(json.Output);
        Assert.That(document.RootElement.GetProperty("superchains").GetInt32(), Is.EqualTo(4));
        foreach (var entry in document.RootElement.GetProperty("per_dimension").EnumerateArray())
            Assert.That(entry.GetProperty("nested_rhat").GetDouble(), Is.GreaterThan(1.1), "superchains started at least 10 sds apart, 4 short MALA steps in");
        var text = CliRun.Of(arguments);
        Assert.That(text.Output, Does.Contain("nested_rhat"));
        var tooFew = CliRun.Of("sample", "--model", folder.File("model.json"), "--sampler", "hmc", "--chains", "16", "--superchains", "4",
            "--init", folder.Points("few.npy", new double[,] { { 0, 0 } }), "--steps", "8", "--out", folder.File("other.npy"), "--accelerator", "cpu", "--quiet");
        CliFolder.AssertUsageError(tooFew, "holds 1 points; there are 4 superchains (--superchains)");
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

    [Test]
    public void AnAcceleratorListShardsTheChainsAndWritesTheDrawsOfOneDevice()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("banana.json", """{"energy": "banana", "dim": 4, "a": 1, "b": 10}""");
        string[] Sample(string output, string accelerator, params string[] extra) =>
            ["sample", "--model", spec, "--sampler", "hmc", "--chains", "7", "--warmup", "60", "--steps", "30", "--out", folder.File(output), "--accelerator", accelerator, "--quiet", .. extra];
        Assert.That(CliRun.Of(Sample("one.npy", "cpu", "--checkpoint", folder.File("one.safetensors"))).ExitCode, Is.Zero);
        var two = CliRun.Of(Sample("two.npy", "cpu:0,cpu:0", "--checkpoint", folder.File("two.safetensors")));
        Assert.That(two.ExitCode, Is.Zero, two.Error);
        Assert.That(two.Output, Does.Contain("sharded over 2 ranks or devices"));
        Assert.That(File.ReadAllBytes(folder.File("two.npy")), Is.EqualTo(File.ReadAllBytes(folder.File("one.npy"))), "two CPU accelerator instances write the one device's draws");
        Assert.That(folder.FileNames(), Does.Contain("two.part0-of-2.safetensors").And.Contain("two.part1-of-2.safetensors"));
        Assert.That(CliRun.Of(Sample("one-more.npy", "cpu", "--resume", folder.File("one.safetensors"))).ExitCode, Is.Zero);
        Assert.That(CliRun.Of(Sample("two-more.npy", "cpu:0,cpu:0", "--resume", folder.File("two.safetensors"))).ExitCode, Is.Zero);
        Assert.That(File.ReadAllBytes(folder.File("two-more.npy")), Is.EqualTo(File.ReadAllBytes(folder.File("one-more.npy"))), "and resume to them");
        CliFolder.AssertUsageError(CliRun.Of(Sample("three.npy", "cpu:0,nope")), "'nope' is not an accelerator");
        Assert.That(CliRun.Of(Sample("three.npy", "cpu:all")).ExitCode, Is.Zero, "every CPU accelerator (there is one)");
        CliFolder.AssertUsageError(CliRun.Of(Sample("four.npy", "auto:all")), "'auto:all': ':all' follows a kind");
    }

    [Test]
    public void AMissingCheckpointIsNamed()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("sample", "--model", folder.Spec("model.json", Gaussian), "--sampler", "hmc", "--chains", "2", "--steps", "10",
            "--out", folder.File("draws.npy"), "--resume", folder.File("absent.safetensors"), "--accelerator", "cpu", "--quiet");
        CliFolder.AssertUsageError(run, $"the chain checkpoint {folder.File("absent.safetensors")} does not exist");
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
    [TestCase("--sampler=slice", "--sampler must be one of ula, mala, hmc, nuts, chees, rwmh, gibbs; got 'slice'")]
    [TestCase("--max-depth=0", "--max-depth must be at least 1; got 0")]
    [TestCase("--leapfrog=100000000", "--leapfrog must be at most 100,000; got 100000000")]
    [TestCase("--max-depth=21", "--max-depth must be at most 20; got 21")]
    [TestCase("--superchains=3", "--superchains must be at least 2 and divide --chains 2; got 3")]
    [TestCase("--superchains=1", "--superchains must be at least 2 and divide --chains 2; got 1")]
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
        var run = CliRun.Of("sample", "--model", folder.Spec("model.json", """{"energy": "potts", "size": 4}"""), "--sampler", "gibbs",
            "--chains", "3", "--steps", "10", "--out", folder.File("draws.npy"));
        CliFolder.AssertUsageError(run, "unknown energy kind 'potts'");
    }

    [TestCase(Gaussian, 2)]
    [TestCase("""{"energy": "diagonal_gaussian", "mean": [0, 1, 2], "scales": [1, 1, 2]}""", 3)]
    public void PlotWritesAPngOverviewOfTheDraws(string model, int dimension)
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("sample", "--model", folder.Spec("model.json", model), "--sampler", "mala", "--chains", "4",
            "--steps", "40", "--warmup", "10", "--seed", "3", "--out", folder.File("draws.npy"), "--plot", folder.File("draws.png"),
            "--accelerator", "cpu", "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        byte[] png = File.ReadAllBytes(folder.File("draws.png"));
        var (width, height) = Plots.PngFile.Size(png);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.That(bitmap, Is.Not.Null, "the PNG decodes");
        Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((width, height)));
        Assert.That(width, Is.EqualTo(1200), "SamplesOverview is 1200 pixels wide");
        Assert.That(height, Is.EqualTo(dimension == 2 ? 1000 : 1300), "d = 2: scatter and traces; d > 2: corner plot and traces");
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "draws.npy", "draws.png", "model.json" }), "no partial files are left");
    }

    [Test]
    public void ARunSplitByCheckpointAndResumeDrawsWhatTheWholeRunDraws()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", Gaussian);
        CliRun Sample(int steps, string output, params string[] extra) => CliRun.Of([
            "sample", "--model", spec, "--sampler", "hmc", "--chains", "5", "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--warmup", "30", "--leapfrog", "4", "--seed", "9", "--out", folder.File(output), "--accelerator", "cpu", "--quiet", .. extra]);
        var whole = Sample(40, "whole.npy");
        var first = Sample(20, "first.npy", "--checkpoint", folder.File("chains.safetensors"));
        var second = Sample(20, "second.npy", "--resume", folder.File("chains.safetensors"), "--checkpoint", folder.File("chains.safetensors"));
        foreach (var run in new[] { whole, first, second })
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        float[] Draws(string name) => NpyFile.Read(folder.File(name)).ToSingle();
        Assert.That(Draws("first.npy").Concat(Draws("second.npy")).ToArray(), Is.EqualTo(Draws("whole.npy")));

        var wrongSampler = CliRun.Of("sample", "--model", spec, "--sampler", "mala", "--chains", "5", "--steps", "10",
            "--resume", folder.File("chains.safetensors"), "--out", folder.File("x.npy"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(wrongSampler, "was written by --sampler hmc, not mala");
        var wrongChains = CliRun.Of("sample", "--model", spec, "--sampler", "hmc", "--chains", "6", "--steps", "10",
            "--resume", folder.File("chains.safetensors"), "--out", folder.File("x.npy"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(wrongChains, "holds 5 chains of dimension 2");
    }

    [Test]
    public void GibbsSamplesAnIsingSpecAndWritesItsStates()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("ising.json", """{"energy": "ising", "rows": 4, "cols": 4, "coupling": 0.3, "field": 0}""");
        var run = CliRun.Of("sample", "--model", spec, "--sampler", "gibbs", "--chains", "8", "--steps", "60", "--warmup", "20",
            "--thin", "2", "--seed", "5", "--out", folder.File("records.npy"), "--accelerator", "cpu", "--json", "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.That(root.GetProperty("model").GetString(), Is.EqualTo("ising"));
        Assert.That(root.GetProperty("sampler").GetString(), Is.EqualTo("gibbs"));
        var statistics = root.GetProperty("statistics");
        foreach (string name in new[] { "energy_per_site", "magnetisation", "abs_magnetisation" })
        {
            var entry = statistics.GetProperty(name);
            Assert.That(entry.EnumerateObject().Select(property => property.Name), Is.EqualTo(new[] { "mean", "var", "mcse", "rhat", "ess_bulk", "ess_tail" }));
        }
        double energy = statistics.GetProperty("energy_per_site").GetProperty("mean").GetDouble();
        Assert.That(energy, Is.InRange(-2 * 0.3, 0), "E/N of a ferromagnet at weak coupling lies between the ground state −2J and 0");
        var states = NpyFile.Read(folder.File("records.npy"));
        Assert.That(states.Shape, Is.EqualTo(new[] { 30, 8, 16 }), "[draws, chains, sites]");
        Assert.That(states.ToDouble(), Is.All.EqualTo(1.0).Or.EqualTo(-1.0), "spins");

        var text = CliRun.Of("sample", "--model", spec, "--sampler", "gibbs", "--chains", "4", "--steps", "20", "--warmup", "0",
            "--out", folder.File("records.npy"), "--accelerator", "cpu", "--quiet");
        Assert.That(text.ExitCode, Is.EqualTo(0), text.Error);
        Assert.That(text.Output, Does.Contain("energy_per_site").And.Contain("magnetisation").And.Contain("rhat"));
    }

    [Test]
    public void GibbsResumesFromItsCheckpointAndWritesWhatTheWholeRunWrites()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("ising.json", """{"energy": "ising", "rows": 4, "cols": 4, "coupling": 0.4, "field": 0.1}""");
        string[] common = ["sample", "--model", spec, "--sampler", "gibbs", "--accelerator", "cpu", "--quiet", "--seed", "3"];
        var whole = CliRun.Of([.. common, "--chains", "6", "--warmup", "10", "--steps", "40", "--out", folder.File("whole.npy")]);
        var first = CliRun.Of([.. common, "--chains", "6", "--warmup", "10", "--steps", "20", "--out", folder.File("first.npy"), "--checkpoint", folder.File("chains.safetensors")]);
        var rest = CliRun.Of([.. common, "--chains", "6", "--steps", "20", "--out", folder.File("rest.npy"), "--resume", folder.File("chains.safetensors")]);
        Assert.That((whole.ExitCode, first.ExitCode, rest.ExitCode), Is.EqualTo((0, 0, 0)), whole.Error + first.Error + rest.Error);
        double[] split = [.. NpyFile.Read(folder.File("first.npy")).ToDouble(), .. NpyFile.Read(folder.File("rest.npy")).ToDouble()];
        Assert.That(split, Is.EqualTo(NpyFile.Read(folder.File("whole.npy")).ToDouble()));
        var wrong = CliRun.Of([.. common, "--chains", "4", "--steps", "20", "--out", folder.File("x.npy"), "--resume", folder.File("chains.safetensors")]);
        CliFolder.AssertUsageError(wrong, "does not hold 4 chains (--chains)");
    }

    [Test]
    public void GibbsSamplesAnRbmSpecWithItsParameterFile()
    {
        using var folder = new CliFolder();
        var rbm = Ebm.Facade.Models.RbmSpec.Random(6, 3, 0.5, seed: 2);
        SafeTensorsFile.Write(folder.File("rbm.safetensors"), rbm.ToSafeTensors());
        string spec = folder.Spec("rbm.json", """{"energy": "rbm", "visible": 6, "hidden": 3, "parameters": "rbm.safetensors"}""");
        var run = CliRun.Of("sample", "--model", spec, "--sampler", "gibbs", "--chains", "6", "--steps", "40", "--warmup", "10",
            "--seed", "1", "--out", folder.File("records.npy"), "--accelerator", "cpu", "--json", "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.That(root.GetProperty("statistics").TryGetProperty("free_energy", out _));
        Assert.That(root.GetProperty("statistics").TryGetProperty("visible_mean", out _));
        var means = root.GetProperty("visible_means").EnumerateArray().Select(value => value.GetDouble()).ToArray();
        Assert.That(means, Has.Length.EqualTo(6).And.All.InRange(0.0, 1.0));
        var states = NpyFile.Read(folder.File("records.npy"));
        Assert.That(states.Shape, Is.EqualTo(new[] { 40, 6, 6 }), "[draws, chains, visible units]");
        Assert.That(states.ToDouble(), Is.All.EqualTo(0.0).Or.EqualTo(1.0), "visible units");
    }

    [TestCase("hmc", "the ising model is discrete (binary units): use --sampler gibbs")]
    [TestCase("ula", "the ising model is discrete (binary units): use --sampler gibbs")]
    public void ContinuousSamplersRejectDiscreteModels(string sampler, string expected)
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("sample", "--model", folder.Spec("ising.json", """{"energy": "ising", "rows": 3, "cols": 3, "coupling": 0.2}"""),
            "--sampler", sampler, "--chains", "2", "--steps", "10", "--out", folder.File("draws.npy"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(run, expected);
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "ising.json" }));
    }
}
