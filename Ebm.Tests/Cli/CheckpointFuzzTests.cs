using Ebm.Tests.Support;
using Ebm.Tests.Support.Fuzzing;

namespace Ebm.Tests.Cli;

/// <summary>
/// Seeded mutants of the checkpoints that <c>ebm sample</c> and <c>ebm train</c> write, given back to
/// <c>--resume</c> in-process: each run ends with exit 0 (a checkpoint still valid), 2 with one <c>ebm: error:</c>
/// line, or 3 (training diverged), never with an exception, and with bounded memory: the GC allocation of a resume
/// from an unmutated checkpoint plus a margin, and a bounded growth of the peak resident size (which counts the CPU
/// accelerator's buffers). <c>EBM_FUZZ_MUTANTS</c> sets a longer run.
/// </summary>
[TestFixture]
public sealed class CheckpointFuzzTests
{
    [Test]
    public void SampleResumeFromMutatedChainCheckpoints_EndsWithADocumentedExitCode()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("banana.json", """{"energy": "banana", "dim": 2, "a": 1, "b": 10}""");
        var seeds = new[] { "mala", "nuts" }.Select(sampler => Checkpoint(folder, "sample", "--model", spec, "--sampler", sampler, "--chains", "4", "--steps", "5", "--warmup", "10",
            "--out", folder.File("draws.npy"), "--checkpoint", folder.File($"{sampler}.safetensors"), "--quiet", "--accelerator", "cpu")).ToList();

        Resume(folder, "chain checkpoint", seeds, seed: 20261204, quickMutants: 300,
            (resume, sampler) => ["sample", "--model", spec, "--sampler", sampler, "--chains", "4", "--steps", "3", "--out", folder.File("resumed.npy"),
                "--resume", resume, "--quiet", "--accelerator", "cpu"], ["mala", "nuts"]);
    }

    [Test]
    public void GibbsResumeFromMutatedCheckpoints_EndsWithADocumentedExitCode()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("ising.json", """{"energy": "ising", "rows": 4, "cols": 4, "coupling": 0.44}""");
        var seeds = new[] { Checkpoint(folder, "sample", "--model", spec, "--sampler", "gibbs", "--chains", "4", "--steps", "5", "--warmup", "5",
            "--out", folder.File("draws.npy"), "--checkpoint", folder.File("gibbs.safetensors"), "--quiet", "--accelerator", "cpu") }.ToList();

        Resume(folder, "Gibbs checkpoint", seeds, seed: 20261205, quickMutants: 1000,
            (resume, _) => ["sample", "--model", spec, "--sampler", "gibbs", "--chains", "4", "--steps", "3", "--out", folder.File("resumed.npy"),
                "--resume", resume, "--quiet", "--accelerator", "cpu"], [""]);
    }

    [Test]
    public void TrainResumeFromMutatedCheckpoints_EndsWithADocumentedExitCode()
    {
        using var folder = new CliFolder();
        string[] train = ["train", "--data", "8gaussians", "--model", "mlp:2-8-1", "--batch", "16", "--k", "2", "--buffer", "64", "--quiet", "--accelerator", "cpu"];
        var seeds = new[] { Checkpoint(folder, [.. train, "--iterations", "3", "--out", folder.File("m.safetensors"), "--checkpoint", folder.File("train.safetensors")]) }.ToList();

        Resume(folder, "training checkpoint", seeds, seed: 20261206, quickMutants: 200,
            (resume, _) => [.. train, "--iterations", "5", "--out", folder.File("resumed.safetensors"), "--checkpoint", folder.File("next.safetensors"), "--resume", resume], [""]);
    }

    private static byte[] Checkpoint(CliFolder folder, params string[] command)
    {
        var run = CliRun.Of(command);
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        return File.ReadAllBytes(command[Array.IndexOf(command, "--checkpoint") + 1]);
    }

    // Seed file i was written by variants[i]; its mutants (the campaign takes the seeds in turn) resume with the same
    // variant (the sampler), so that what decides the outcome is the mutation, not a mismatch of options. Every run
    // compiles its kernels afresh, a fixed cost of a few hundred MiB of compiler garbage that grows with the kernels, so
    // a mutant may allocate what a resume from an unmutated seed does plus a margin, and no more.
    private static void Resume(CliFolder folder, string name, List<byte[]> seeds, int seed, int quickMutants,
        Func<string, string, string[]> command, string[] variants)
    {
        string resume = folder.File("resume.safetensors");
        long validResume = seeds.Select((bytes, i) =>
        {
            File.WriteAllBytes(resume, bytes);
            long before = GC.GetTotalAllocatedBytes();
            var run = CliRun.Of(command(resume, variants[i]));
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            return GC.GetTotalAllocatedBytes() - before;
        }).Max();
        int mutant = 0;
        new FuzzCampaign(name, seeds, _ => HeaderFrame.SafeTensors, seed, quickMutants) { AllocationBound = validResume + (32L << 20) }.Run(bytes =>
        {
            File.WriteAllBytes(resume, bytes);
            var run = CliRun.Of(command(resume, variants[mutant++ % seeds.Count]));
            string[] lines = run.Error.TrimEnd().Split('\n');
            return run.ExitCode switch
            {
                0 => FuzzCampaign.Accepted,
                2 when lines.Length == 1 && lines[0].StartsWith("ebm: error: ", StringComparison.Ordinal) => "exit 2",
                3 when lines.Length == 1 && lines[0].StartsWith("ebm: training diverged: ", StringComparison.Ordinal) => "exit 3",
                _ => throw new InvalidOperationException($"exit {run.ExitCode}: {run.Error}"),
            };
        });
    }
}
