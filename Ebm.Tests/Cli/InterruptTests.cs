using System.Diagnostics;
using Ebm.Facade.Training;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

/// <summary>A real SIGINT sent to an <c>ebm</c> child process: training stops after its iteration and keeps its work.</summary>
[TestFixture]
public sealed class InterruptTests
{
    [Test]
    public void SigintStopsTrainingAfterItsIterationAndWritesTheModelAndCheckpoint()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            Assert.Ignore("POSIX signals");
        using var folder = new CliFolder();
        string model = folder.File("m.safetensors"), checkpoint = folder.File("m.checkpoint.safetensors");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "ebm.dll"), "train", "--data", "8gaussians",
            "--model", "mlp:2-16-1", "--batch", "32", "--k", "2", "--iterations", "1000000", "--out", model, "--accelerator", "cpu" })
            start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        var errors = new List<string>();
        var training = new ManualResetEventSlim();
        child.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
                return;
            lock (errors)
                errors.Add(line.Data);
            if (line.Data.StartsWith("ebm: train it", StringComparison.Ordinal))
                training.Set();
        };
        child.BeginErrorReadLine();
        string output = "";
        var reading = Task.Run(() => output = child.StandardOutput.ReadToEnd());
        try
        {
            Assert.That(training.Wait(TimeSpan.FromSeconds(90)), Is.True, "training reports progress");
            using (var signal = Process.Start("kill", ["-INT", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                signal.WaitForExit();
            Assert.That(child.WaitForExit(TimeSpan.FromSeconds(90)), Is.True, "the process ends after the signal");
            child.WaitForExit();
            reading.Wait();
        }
        finally
        {
            if (!child.HasExited)
                child.Kill();
        }
        string stderr;
        lock (errors)
            stderr = string.Join("\n", errors);
        var saved = TrainingCheckpoint.Read(checkpoint);
        int iteration = int.Parse(saved.Metadata["iteration"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(child.ExitCode, Is.EqualTo(130), stderr);
            Assert.That(stderr, Does.Contain($"ebm: cancelled at iteration {iteration}; model and checkpoint written"));
            Assert.That(iteration, Is.GreaterThan(0), "iterations finished before the signal are kept");
            Assert.That(File.Exists(model), "the model is written");
            Assert.That(output, Does.Contain($"trained {iteration} iterations"));
            Assert.That(folder.FileNames().Where(name => name.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty, "no temporary file is left");
        });
    }
}
