using Ebm.Facade.Models;
using Ebm.Kernels.Energies;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

/// <summary>Outputs never replace inputs or each other, whatever links name them, and bad folders fail before any work.</summary>
[TestFixture]
public sealed class OutputPathTests
{
    private const string Gaussian = """{"energy": "diagonal_gaussian", "mean": [0, 0], "scales": [1, 1]}""";

    [TestCase("same")]
    [TestCase("symlink")]
    [TestCase("hardlink")]
    public void AnOutputThatIsAnInputIsRefusedAndTheInputKept(string how)
    {
        if (how != "same" && !OperatingSystem.IsLinux())
            Assert.Ignore("links are made with Linux semantics");
        using var folder = new CliFolder();
        string points = folder.Points("p.npy", new double[,] { { 0, 0 }, { 1, 1 } });
        string output = how switch
        {
            "same" => points,
            "symlink" => File.CreateSymbolicLink(folder.File("link.npy"), points).FullName,
            _ => HardLink(points, folder.File("hard.npy")),
        };
        byte[] before = File.ReadAllBytes(points);
        var run = CliRun.Of("energy", "--model", folder.Spec("model.json", Gaussian), "--points", points, "--out", output, "--accelerator", "cpu");
        CliFolder.AssertUsageError(run, "is the same file as --points");
        Assert.That(File.ReadAllBytes(points), Is.EqualTo(before), "the points are untouched");
    }

    [Test]
    public void TwoOutputsNamingOneFileAndSpecOutputsAreRefused()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", Gaussian);
        var train = CliRun.Of("train", "--data", "8gaussians", "--iterations", "3", "--out", folder.File("m.safetensors"), "--checkpoint", folder.File("m.safetensors"));
        CliFolder.AssertUsageError(train, "--checkpoint and --out name the same file");
        var sample = CliRun.Of("sample", "--model", spec, "--sampler", "hmc", "--chains", "2", "--steps", "2", "--out", spec, "--accelerator", "cpu");
        CliFolder.AssertUsageError(sample, "is the same file as --model");
        Assert.That(File.ReadAllText(spec), Is.EqualTo(Gaussian));
    }

    [Test]
    public void TheParametersFileASpecNamesIsAnInputToo()
    {
        using var folder = new CliFolder();
        string parameters = folder.File("w.safetensors");
        MlpParameterFile.Write(parameters, MlpSpec.Initialize([2, 4, 1], ActivationKind.SiLU, seed: 1));
        byte[] before = File.ReadAllBytes(parameters);
        string spec = folder.Spec("model.json", """{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors"}""");
        var sample = CliRun.Of("sample", "--model", spec, "--sampler", "ula", "--chains", "2", "--steps", "2", "--out", parameters, "--accelerator", "cpu");
        CliFolder.AssertUsageError(sample, $"--out {parameters} is the same file as the --model's parameters file");
        var energy = CliRun.Of("energy", "--model", spec, "--points", folder.Points("p.npy", new double[,] { { 0, 0 } }), "--out", folder.File("e.npy"),
            "--grad", parameters, "--accelerator", "cpu");
        CliFolder.AssertUsageError(energy, "is the same file as the --model's parameters file");
        Assert.That(File.ReadAllBytes(parameters), Is.EqualTo(before), "the parameters are untouched");
    }

    [Test]
    public void AMissingOutputFolderFailsBeforeTrainingAndNamesTheUsersPath()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("train", "--data", "8gaussians", "--iterations", "100", "--out", folder.File("m.safetensors"), "--checkpoint", Path.Combine(folder.Path, "nope", "c.safetensors"));
        CliFolder.AssertUsageError(run, "--checkpoint " + Path.Combine(folder.Path, "nope", "c.safetensors") + ": the folder");
        Assert.That(run.Error, Does.Not.Contain(".tmp"), "no internal temporary name");
        Assert.That(folder.FileNames(), Is.Empty, "nothing trained, nothing written");
    }

    [Test]
    public void ResumingFromTheCheckpointItKeepsWritingIsAllowed()
    {
        using var folder = new CliFolder();
        string model = folder.File("m.safetensors"), checkpoint = folder.File("m.checkpoint.safetensors");
        string[] train = ["train", "--data", "8gaussians", "--model", "mlp:2-8-1", "--batch", "16", "--k", "2", "--buffer", "64", "--out", model, "--accelerator", "cpu", "--quiet"];
        Assert.That(CliRun.Of([.. train, "--iterations", "2"]).ExitCode, Is.EqualTo(0));
        var resumed = CliRun.Of([.. train, "--iterations", "4", "--resume", checkpoint]);
        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.Error);
    }

    [Test]
    public void LeftoverTemporaryFilesOfAKilledRunAreRemovedByTheNextWrite()
    {
        using var folder = new CliFolder();
        string stale = folder.File(".d.npy.0123456789abcdef0123456789abcdef.partial");
        string staleTmp = folder.File(".d.npy.0123456789ab.tmp");
        string fresh = folder.File(".d.npy.fedcba9876543210fedcba9876543210.partial");
        string other = folder.File(".d.npy.notours");
        foreach (string file in new[] { stale, staleTmp, fresh, other })
            File.WriteAllText(file, "leftover");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-1));
        File.SetLastWriteTimeUtc(staleTmp, DateTime.UtcNow.AddDays(-1));
        File.SetLastWriteTimeUtc(other, DateTime.UtcNow.AddDays(-1));
        var run = CliRun.Of("sample", "--model", folder.Spec("model.json", Gaussian), "--sampler", "hmc", "--chains", "2", "--steps", "2", "--warmup", "0",
            "--out", folder.File("d.npy"), "--accelerator", "cpu", "--quiet");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(stale), Is.False, "an old staged output of this program");
            Assert.That(File.Exists(staleTmp), Is.False, "an old atomic-write temporary of this program");
            Assert.That(File.Exists(fresh), "newer than this process: perhaps another run's, kept");
            Assert.That(File.Exists(other), "not this program's pattern, kept");
        });
    }

    private static string HardLink(string target, string link)
    {
        using var process = System.Diagnostics.Process.Start("ln", [target, link]);
        process.WaitForExit();
        return link;
    }
}
