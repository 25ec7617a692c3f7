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
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    // MPICH's launcher by its own name: an Open MPI mpiexec would start ranks that cannot speak to libmpich.
    private const string Launcher = "/usr/bin/mpiexec.mpich";

    [SetUp]
    public void RequireMpiexec()
    {
        if (File.Exists(Launcher))
            return;
        if (Environment.GetEnvironmentVariable("EBM_REQUIRE_MPI") == "1")
            Assert.Fail("EBM_REQUIRE_MPI=1 but MPICH's mpiexec is not installed (apt-get install mpich)");
        Assert.Ignore("MPICH's mpiexec is not installed (apt-get install mpich)");
    }

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
        var (code, output, error) = Mpiexec(2, Sample("two.npy", "40", "--distributed", "--checkpoint", folder.File("two.safetensors")));
        Assert.That(code, Is.Zero, error);
        Assert.That(File.ReadAllBytes(folder.File("two.npy")), Is.EqualTo(File.ReadAllBytes(folder.File("one.npy"))), "the draws file is byte-identical");
        Assert.That(output.Split('\n').Count(line => line.StartsWith("wrote ", StringComparison.Ordinal)), Is.EqualTo(1), "rank 0 alone reports and writes the draws");
        Assert.That(folder.FileNames(), Does.Contain("two.part0-of-2.safetensors").And.Contain("two.part1-of-2.safetensors"));

        Assert.That(CliRun.Of(Sample("one-more.npy", "30", "--resume", folder.File("one.safetensors"))).ExitCode, Is.Zero);
        var resumed = Mpiexec(2, Sample("two-more.npy", "30", "--distributed", "--resume", folder.File("two.safetensors")));
        Assert.That(resumed.ExitCode, Is.Zero, resumed.Error);
        Assert.That(File.ReadAllBytes(folder.File("two-more.npy")), Is.EqualTo(File.ReadAllBytes(folder.File("one-more.npy"))), "resumed draws are byte-identical too");
        var unsharded = Mpiexec(2, Sample("three.npy", "30", "--distributed", "--resume", folder.File("one.safetensors")));
        Assert.That(unsharded.Error, Does.Contain("--resume: part 0 of 2 reads").And.Contain("a sharded run resumes from the per-part checkpoints"));
        Assert.That(unsharded.ExitCode, Is.Not.Zero);
    }

    [Test]
    public void ARankThatFailsOrDiesEndsTheJobWithAnError()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("banana.json", """{"energy": "banana", "dim": 2, "a": 1, "b": 10}""");
        var refused = Mpiexec(2, ["sample", "--model", spec, "--sampler", "chees", "--chains", "8", "--steps", "10", "--out", folder.File("d.npy"), "--distributed", "--accelerator", "cpu"]);
        Assert.That(refused.ExitCode, Is.Not.Zero);
        Assert.That(refused.Error, Does.Contain("ebm: error: ChEES-HMC tunes its trajectory length"));

        string marker = folder.File("long.npy");
        var start = MpiexecStart(2, ["sample", "--model", spec, "--sampler", "mala", "--chains", "4", "--warmup", "0", "--thin", "1000", "--steps", "500000000",
            "--out", marker, "--distributed", "--accelerator", "cpu", "--quiet"]);
        using var job = Process.Start(start)!;
        var errors = job.StandardError.ReadToEndAsync();
        Assert.That(SpinWait.SpinUntil(() => RankProcesses(marker).Count == 2, Patience), Is.True, "both ranks start");
        Thread.Sleep(2000);
        using (var kill = Process.Start("kill", ["-KILL", RankProcesses(marker)[1].ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        bool ended = job.WaitForExit(Patience);
        if (!ended)
            job.Kill(entireProcessTree: true);
        Assert.That(ended, Is.True, "the job ends after a rank dies, without hanging");
        Assert.That(job.ExitCode, Is.Not.Zero, errors.Result);
        TestContext.Out.WriteLine($"mpiexec exit {job.ExitCode}: {errors.Result}");
        Assert.That(RankProcesses(marker), Is.Empty, "no rank is left running");
        Assert.That(File.Exists(marker), Is.False, "no draws are written");
    }

    private static (int ExitCode, string Output, string Error) Mpiexec(int ranks, string[] args)
    {
        using var job = Process.Start(MpiexecStart(ranks, args))!;
        var output = job.StandardOutput.ReadToEndAsync();
        var error = job.StandardError.ReadToEndAsync();
        if (!job.WaitForExit(Patience))
        {
            job.Kill(entireProcessTree: true);
            Assert.Fail($"mpiexec -n {ranks} did not end within {Patience}");
        }
        return (job.ExitCode, output.Result, error.Result);
    }

    private static ProcessStartInfo MpiexecStart(int ranks, string[] args)
    {
        var start = new ProcessStartInfo(Launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["-n", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), "dotnet", Path.Combine(TestContext.CurrentContext.TestDirectory, "ebm.dll"), .. args])
            start.ArgumentList.Add(argument);
        return start;
    }

    // The dotnet processes of a job, found by an argument only that job has.
    private static List<int> RankProcesses(string marker) =>
        [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => int.TryParse(name, out _)).Select(int.Parse!).Where(pid =>
        {
            try
            {
                string commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
                return commandLine.StartsWith("dotnet\0", StringComparison.Ordinal) && commandLine.Contains(marker, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }).Order()];
}
