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
    public void AnRbmTrainsOnBarsAndStripesAndItsAisLogZAgreesWithEnumeration()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("train", "--data", "bars-and-stripes", "--model", "rbm:9-8", "--method", "cd", "--k", "1", "--iterations", "1000", "--lr", "0.3",
            "--seed", "2", "--out", folder.File("rbm.safetensors"), "--accelerator", "cpu", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        double logLikelihood = root.GetProperty("test_log_likelihood").GetDouble(), aisLogZ = root.GetProperty("log_z").GetDouble();
        double aisError = root.GetProperty("log_z_error").GetDouble(), exactLogZ = root.GetProperty("exact_log_z").GetDouble();
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("iterations").GetInt32(), Is.EqualTo(1000));
            Assert.That(root.GetProperty("method").GetString(), Is.EqualTo("cd"));
            Assert.That(aisLogZ, Is.EqualTo(exactLogZ).Within(5 * aisError + 1e-3), "AIS within 5 standard errors of the exact sum over 2^8 hidden states");
            Assert.That(logLikelihood, Is.LessThanOrEqualTo(-Math.Log(14) + 5 * root.GetProperty("test_log_likelihood_error").GetDouble()), "no model beats the entropy of 14 patterns");
            Assert.That(logLikelihood, Is.GreaterThan(-9 * Math.Log(2) + 1), "better than the near-uniform starting machine");
        });
        var saved = RbmSpec.FromSafeTensors(Ebm.Facade.IO.SafeTensorsFile.Read(folder.File("rbm.safetensors")));
        Assert.That((saved.Visible, saved.Hidden), Is.EqualTo((9, 8)));
    }

    [Test]
    public void AnRbmTrainsOnAnNpyFileOfBinaryRows()
    {
        using var folder = new CliFolder();
        var rows = new double[40, 4];
        for (int i = 0; i < 40; i++)
            for (int j = 0; j < 4; j++)
                rows[i, j] = (i + j) % 3 == 0 ? 1 : 0;
        var run = CliRun.Of("train", "--data", folder.Points("binary.npy", rows), "--model", "rbm:4-3", "--iterations", "50",
            "--out", folder.File("rbm.safetensors"), "--accelerator", "cpu", "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Match(@"trained rbm 4-3 for 50 iterations \(PCD-1\).*test log-likelihood -?[0-9.]+ ± [0-9.]+ nats per row over 8 rows"));
    }

    [TestCase("rbm:9-x", "an RBM is rbm:V-H")]
    [TestCase("rbm:8-4", "bars-and-stripes has n × n units")]
    public void BadRbmModelsAreNamed(string model, string expected)
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("train", "--data", "bars-and-stripes", "--model", model, "--out", folder.File("rbm.safetensors"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(run, expected);
        Assert.That(folder.FileNames(), Is.Empty, "nothing is written");
    }

    [TestCase("mlp:2-8-1")]
    [TestCase("rbm:4-3")]
    public void AMissingDataFileIsNamed(string model)
    {
        using var folder = new CliFolder();
        string absent = folder.File("absent.npy");
        var run = CliRun.Of("train", "--data", absent, "--model", model, "--out", folder.File("m.safetensors"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(run, $"{absent} does not exist");
        Assert.That(folder.FileNames(), Is.Empty, "nothing is written");
    }

    [Test]
    public void AResumeWithOtherDataOrBatchIsRefusedSayingWhatDiffers()
    {
        using var folder = new CliFolder();
        string model = folder.File("m.safetensors"), checkpoint = folder.File("m.checkpoint.safetensors");
        string[] tiny = ["train", "--model", "mlp:2-8-1", "--k", "2", "--buffer", "64", "--out", model, "--accelerator", "cpu", "--quiet", "--iterations"];
        Assert.That(CliRun.Of([.. tiny, "2", "--data", "8gaussians", "--batch", "16"]).ExitCode, Is.EqualTo(0));
        var batch = CliRun.Of([.. tiny, "4", "--data", "8gaussians", "--batch", "32", "--resume", checkpoint]);
        CliFolder.AssertUsageError(batch, "the checkpoint was written with batch=16; this run has batch=32");
        var data = CliRun.Of([.. tiny, "4", "--data", "moons", "--batch", "16", "--resume", checkpoint]);
        CliFolder.AssertUsageError(data, "trained on other data");
        Assert.That(CliRun.Of([.. tiny, "4", "--data", "8gaussians", "--batch", "16", "--resume", checkpoint, "--lr", "0.002"]).ExitCode, Is.EqualTo(0), "the learning rate may change");
    }

    [Test]
    public void ANetworkTooLargeForOneBufferIsNamed()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("train", "--data", "8gaussians", "--model", "mlp:2-100000-100000-1", "--out", folder.File("m.safetensors"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(run, "an MLP 2-100000-100000-1 would have 10,000,500,001 parameters; at most 2,147,483,647 fit one buffer");
        Assert.That(folder.FileNames(), Is.Empty);
    }

    [Test]
    public void MlpOptionsAndNonBinaryDataAreRefusedForAnRbm()
    {
        using var folder = new CliFolder();
        var option = CliRun.Of("train", "--data", "bars-and-stripes", "--model", "rbm:9-4", "--step-size", "0.1", "--out", folder.File("rbm.safetensors"));
        CliFolder.AssertUsageError(option, "--step-size applies to MLP and conv energies");
        var data = CliRun.Of("train", "--data", folder.Points("real.npy", new double[,] { { 0, 0.5 }, { 1, 0 }, { 0, 1 } }), "--model", "rbm:2-2",
            "--out", folder.File("rbm.safetensors"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(data, "must be binary");
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

    [TestCase("rbm:100000-60000", "an RBM with 100,000 visible and 60,000 hidden units would have 6,000,160,000 parameters")]
    [TestCase("rbm:100000-20000", "the training state of an RBM with 2,000,120,000 parameters (100,000 visible, 20,000 hidden units) and batch 64 (--batch) needs more than the device's")]
    public void AnRbmTooLargeForOneBufferOrTheDeviceIsNamedBeforeAnythingIsAllocated(string model, string expected)
    {
        using var folder = new CliFolder();
        var rows = new double[2, 100_000];
        rows[1, 7] = 1;
        var run = CliRun.Of("train", "--data", folder.Points("wide.npy", rows), "--model", model, "--out", folder.File("rbm.safetensors"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(run, expected);
    }

    [Test]
    public void ABatchAndBufferLargerThanTheDeviceAreRefusedBeforeTrainingNamingBoth()
    {
        using var folder = new CliFolder();
        string most = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var run = CliRun.Of("train", "--data", "8gaussians", "--batch", most, "--buffer", most, "--out", folder.File("model.safetensors"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(run, "a replay buffer of 2,147,483,647 (--buffer) of dimension 2, batch 2,147,483,647 (--batch)) needs more than the device's");
        Assert.That(folder.FileNames(), Is.Empty, "nothing is written");
    }

    [TestCase("conv:1x2x2:4k5p0", "does not fit its 2×2 input padded by 0")]
    [TestCase("cnn:1x28x28:4k3", "a network is written mlp:2-128-128-1[:silu] or conv:")]
    [TestCase("mlp:2-8", "MLP widths must be positive and end in 1")]
    public void BadNetworksAreNamed(string network, string expected)
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("train", "--data", "8gaussians", "--model", network, "--iterations", "1", "--out", folder.File("model.safetensors"));
        CliFolder.AssertUsageError(run, expected);
        Assert.That(folder.FileNames(), Is.Empty, "nothing is written");
    }

    [Test]
    public void AConvolutionalNetworkTrainsOnPointsAndRefusesABaseTerm()
    {
        using var folder = new CliFolder();
        string[] conv = ["train", "--data", "8gaussians", "--model", "conv:1x1x2:3k1,2k1:silu:sum", "--iterations", "3", "--batch", "16", "--k", "2", "--buffer", "64", "--json"];
        var run = CliRun.Of([.. conv, "--out", folder.File("conv.safetensors")]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using (var json = JsonDocument.Parse(run.Output))
            Assert.That(double.IsFinite(json.RootElement.GetProperty("test_nll").GetDouble()), "2-D points: the test NLL by quadrature");
        Assert.That(((ConvSpec)ModelFiles.Load(folder.File("conv.safetensors"))).Architecture.ToString(), Is.EqualTo("conv:1x1x2:3k1s1p0,2k1s1p0:silu:sum"));
        var based = CliRun.Of([.. conv, "--base-scale", "1", "--out", folder.File("based.safetensors")]);
        CliFolder.AssertUsageError(based, "--base-scale applies to MLP energies; a convolutional energy has no base term");
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
