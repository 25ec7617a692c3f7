using System.Diagnostics;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

/// <summary>
/// <c>mpiexec -n 2 … sample --distributed</c> on localhost (MPICH): the draws file is byte-identical to the
/// single-process run's, per-rank checkpoints resume to identical draws too, and a rank that dies or fails ends the job.
/// Without MPICH the tests are ignored, unless <c>EBM_REQUIRE_MPI=1</c> (CI) makes that a failure.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DistributedSampleTests
{
    [SetUp]
    public void RequireMpiexec() => MpiJob.RequireLauncher();

    [TestCase("hmc")]
    [TestCase("nuts")]
    [TestCase("mala")]
    public void TwoRanksWriteTheDrawsOfOneProcessAndResumeFromTheirCheckpoints(string sampler)
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("banana.json", """{"energy": "banana", "dim": 4, "a": 1, "b": 10}""");
        string[] Sample(string output, string steps, params string[] extra) =>
            ["sample", "--model", spec, "--sampler", sampler, "--chains", "7", "--warmup", "100", "--steps", steps, "--out", folder.File(output), "--accelerator", "cpu", "--quiet", .. extra];

        var single = CliRun.Of(Sample("one.npy", "40", "--checkpoint", folder.File("one.safetensors")));
        Assert.That(single.ExitCode, Is.Zero, single.Error);
        var (code, output, error) = MpiJob.Run(2, Sample("two.npy", "40", "--distributed", "--checkpoint", folder.File("two.safetensors")));
        Assert.That(code, Is.Zero, error);
        Assert.That(File.ReadAllBytes(folder.File("two.npy")), Is.EqualTo(File.ReadAllBytes(folder.File("one.npy"))), "the draws file is byte-identical");
        Assert.That(output.Split('\n').Count(line => line.StartsWith("wrote ", StringComparison.Ordinal)), Is.EqualTo(1), "rank 0 alone reports and writes the draws");
        Assert.That(folder.FileNames(), Does.Contain("two.part0-of-2.safetensors").And.Contain("two.part1-of-2.safetensors"));

        Assert.That(CliRun.Of(Sample("one-more.npy", "30", "--resume", folder.File("one.safetensors"))).ExitCode, Is.Zero);
        var resumed = MpiJob.Run(2, Sample("two-more.npy", "30", "--distributed", "--resume", folder.File("two.safetensors")));
        Assert.That(resumed.ExitCode, Is.Zero, resumed.Error);
        Assert.That(File.ReadAllBytes(folder.File("two-more.npy")), Is.EqualTo(File.ReadAllBytes(folder.File("one-more.npy"))), "resumed draws are byte-identical too");
        var unsharded = MpiJob.Run(2, Sample("three.npy", "30", "--distributed", "--resume", folder.File("one.safetensors")));
        Assert.That(unsharded.Error, Does.Contain("--resume: part 0 of 2 reads").And.Contain("a sharded run resumes from the per-part checkpoints"));
        Assert.That(unsharded.ExitCode, Is.Not.Zero);
    }

    [Test]
    public void ARankThatFailsOrDiesEndsTheJobWithAnError()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("banana.json", """{"energy": "banana", "dim": 2, "a": 1, "b": 10}""");
        var refused = MpiJob.Run(2, ["sample", "--model", spec, "--sampler", "chees", "--chains", "8", "--steps", "10", "--out", folder.File("d.npy"), "--distributed", "--accelerator", "cpu"]);
        Assert.That(refused.ExitCode, Is.Not.Zero);
        Assert.That(refused.Error, Does.Contain("ebm: error: ChEES-HMC tunes its trajectory length"));

        string marker = folder.File("long.npy");
        var start = MpiJob.Start(2, ["sample", "--model", spec, "--sampler", "mala", "--chains", "4", "--warmup", "0", "--thin", "1000", "--steps", "500000000",
            "--out", marker, "--distributed", "--accelerator", "cpu", "--quiet"]);
        using var job = Process.Start(start)!;
        var errors = job.StandardError.ReadToEndAsync();
        Assert.That(SpinWait.SpinUntil(() => MpiJob.RankProcesses(marker).Count == 2, MpiJob.Patience), Is.True, "both ranks start");
        Thread.Sleep(2000);
        using (var kill = Process.Start("kill", ["-KILL", MpiJob.RankProcesses(marker)[1].ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        bool ended = job.WaitForExit(MpiJob.Patience);
        if (!ended)
            job.Kill(entireProcessTree: true);
        Assert.That(ended, Is.True, "the job ends after a rank dies, without hanging");
        Assert.That(job.ExitCode, Is.Not.Zero, errors.Result);
        TestContext.Out.WriteLine($"mpiexec exit {job.ExitCode}: {errors.Result}");
        Assert.That(MpiJob.RankProcesses(marker), Is.Empty, "no rank is left running");
        Assert.That(File.Exists(marker), Is.False, "no draws are written");
    }
}
