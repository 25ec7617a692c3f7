using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Facade.Training;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

/// <summary>
/// Real signals sent to <c>ebm</c> child processes: SIGINT stops training after its iteration and keeps its work;
/// SIGKILL at a random moment never leaves an output corrupt or half-written.
/// </summary>
[TestFixture]
public sealed class InterruptTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [SetUp]
    public void RequirePosixSignals()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            Assert.Ignore("POSIX signals");
    }

    [Test]
    public void SigintStopsTrainingAfterItsIterationAndWritesTheModelAndCheckpoint()
    {
        if (SigintIgnoredHere())
            Assert.Ignore("SIGINT is ignored in this process (a shell's background job), so the child inherits that and rightly keeps running; run the tests in the foreground");
        using var folder = new CliFolder();
        string model = folder.File("m.safetensors"), checkpoint = folder.File("m.checkpoint.safetensors");
        using var child = new EbmChild(LongTraining(model));
        Assert.That(child.WaitForError("ebm: train it", Patience), Is.True, "training reports progress");
        child.Signal("INT");
        var (exitCode, output) = child.WaitForExit(Patience);
        var saved = TrainingCheckpoint.Read(checkpoint);
        int iteration = int.Parse(saved.Metadata["iteration"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(130), child.Error);
            Assert.That(child.Error, Does.Contain($"ebm: cancelled at iteration {iteration}; model and checkpoint written"));
            Assert.That(iteration, Is.GreaterThan(0), "iterations finished before the signal are kept");
            Assert.That(File.Exists(model), "the model is written");
            Assert.That(output, Does.Contain($"trained {iteration} iterations"));
            Assert.That(folder.FileNames().Where(name => name.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty, "no temporary file is left");
        });
    }

    [Test]
    public void SigkillDuringTrainingLeavesTheModelAndCheckpointWholeAndTheNextRunResumes()
    {
        using var folder = new CliFolder();
        string model = folder.File("m.safetensors"), checkpoint = folder.File("m.checkpoint.safetensors");
        var random = new Random(20261207);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            byte[]? modelBefore = File.Exists(model) ? File.ReadAllBytes(model) : null;
            string[] args = attempt == 0 ? LongTraining(model) : [.. LongTraining(model), "--resume", checkpoint];
            using (var child = new EbmChild(args))
            {
                Assert.That(child.WaitForError("ebm: train it", Patience), Is.True, child.Error);
                Assert.That(SpinWait.SpinUntil(() => File.Exists(checkpoint), Patience), Is.True, "a first checkpoint is written");
                Thread.Sleep(random.Next(50, 1500));
                child.Signal("KILL");
                child.WaitForExit(Patience);
            }
            Assert.That(() => TrainingCheckpoint.Read(checkpoint), Throws.Nothing, $"attempt {attempt}: the checkpoint is whole");
            if (modelBefore is not null)
                Assert.That(File.ReadAllBytes(model), Is.EqualTo(modelBefore), $"attempt {attempt}: the model written before is untouched");
        }
        int iteration = int.Parse(TrainingCheckpoint.Read(checkpoint).Metadata["iteration"], System.Globalization.CultureInfo.InvariantCulture);
        // The next run is a process of its own: a write removes only temporary files older than its process, so an
        // in-process run here (the test host started before the killed children) would rightly leave theirs alone.
        using var resumed = new EbmChild([.. LongTraining(model)[..^2], "--resume", checkpoint, "--iterations", (iteration + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet"]);
        Assert.That(resumed.WaitForExit(Patience).ExitCode, Is.Zero, resumed.Error);
        Assert.That(() => ModelFiles.Load(model), Throws.Nothing, "the resumed run writes a whole model");
        Assert.That(folder.FileNames().Where(name => name.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty, "the next write removed the killed runs' temporary files");
    }

    [Test]
    public void SigkillDuringSamplingLeavesTheDrawsWrittenBeforeUntouched()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("banana.json", """{"energy": "banana", "dim": 2, "a": 1, "b": 10}""");
        string draws = folder.File("draws.npy"), checkpoint = folder.File("chains.safetensors");
        string[] sample = ["sample", "--model", spec, "--sampler", "mala", "--chains", "4", "--warmup", "10", "--out", draws, "--checkpoint", checkpoint, "--accelerator", "cpu", "--thin", "1000", "--steps"];
        Assert.That(CliRun.Of([.. sample, "20000", "--quiet"]).ExitCode, Is.Zero);
        byte[] drawsBefore = File.ReadAllBytes(draws), checkpointBefore = File.ReadAllBytes(checkpoint);
        var random = new Random(20261208);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            using var child = new EbmChild([.. sample, "200000000"]);
            Assert.That(child.WaitForError("ebm: warmup 10/10", Patience), Is.True, child.Error);
            Thread.Sleep(random.Next(50, 1000));
            child.Signal("KILL");
            child.WaitForExit(Patience);
        }
        Assert.That(File.ReadAllBytes(draws), Is.EqualTo(drawsBefore), "the draws are untouched");
        Assert.That(File.ReadAllBytes(checkpoint), Is.EqualTo(checkpointBefore), "the checkpoint is untouched");
        Assert.That(NpyFile.Read(draws).Shape, Is.EqualTo(new[] { 20, 4, 2 }));
    }

    // Whether this process was started with SIGINT ignored (bit 1 of /proc/self/status's SigIgn mask), as a
    // non-interactive shell starts its background jobs: children inherit the disposition, and .NET keeps it.
    private static bool SigintIgnoredHere()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        string? mask = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("SigIgn:", StringComparison.Ordinal));
        return mask is not null && (Convert.ToUInt64(mask["SigIgn:".Length..].Trim(), 16) & (1UL << (2 - 1))) != 0;
    }

    private static string[] LongTraining(string model) =>
        ["train", "--data", "8gaussians", "--model", "mlp:2-16-1", "--batch", "32", "--k", "2", "--out", model, "--accelerator", "cpu", "--iterations", "1000000"];
}
