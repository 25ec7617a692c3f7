using System.Text.Json;
using Ebm.Facade.Models;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

/// <summary>
/// Data-parallel <c>ebm train</c>: over 2 MPI ranks (<c>mpiexec -n 2 … --distributed</c>, MPICH on localhost) and over two
/// devices in one process (an --accelerator list), the trained model follows the one-process run with the same --batch up
/// to float rounding, rank 0 alone reports and writes, and its checkpoint resumes in one process.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DistributedTrainTests
{
    private static readonly int[] Layers = [2, 16, 16, 1];

    [Test]
    public void TwoRanksTrainWhatOneProcessTrainsAndTheirCheckpointResumesInOne()
    {
        MpiJob.RequireLauncher();
        using var folder = new CliFolder();
        var single = CliRun.Of(Train(folder, "one", "20"));
        Assert.That(single.ExitCode, Is.Zero, single.Error);
        var (code, output, error) = MpiJob.Run(2, [.. Train(folder, "two", "20"), "--distributed"]);
        Assert.That(code, Is.Zero, error);
        using (var json = JsonDocument.Parse(output))
            Assert.That(json.RootElement.GetProperty("parts").GetInt32(), Is.EqualTo(2), "rank 0 alone reports, for both");
        AssertClose(folder.File("two.safetensors"), folder.File("one.safetensors"), "trained over 2 ranks");

        var resumed = CliRun.Of([.. Train(folder, "three", "30"), "--resume", folder.File("two.checkpoint.safetensors")]);
        Assert.That(resumed.ExitCode, Is.Zero, resumed.Error);
        var straight = CliRun.Of([.. Train(folder, "four", "30"), "--resume", folder.File("one.checkpoint.safetensors")]);
        Assert.That(straight.ExitCode, Is.Zero, straight.Error);
        AssertClose(folder.File("three.safetensors"), folder.File("four.safetensors"), "the 2-rank checkpoint resumed in one process");
    }

    [Test]
    public void AnAcceleratorListTrainsWhatOneDeviceTrains()
    {
        using var folder = new CliFolder();
        var single = CliRun.Of(Train(folder, "one", "15"));
        Assert.That(single.ExitCode, Is.Zero, single.Error);
        var listed = CliRun.Of(Train(folder, "two", "15", "cpu:0,cpu:0"));
        Assert.That(listed.ExitCode, Is.Zero, listed.Error);
        AssertClose(folder.File("two.safetensors"), folder.File("one.safetensors"), "trained over two CPU accelerator instances");
    }

    [Test]
    public void AnRbmIsNotTrainedDataParallel()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("train", "--data", "bars-and-stripes", "--model", "rbm:9-8", "--iterations", "2", "--out", folder.File("rbm.safetensors"), "--accelerator", "cpu:0,cpu:0");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("data-parallel training (--distributed, or an --accelerator list) trains MLP and conv energies"));
    }

    private static string[] Train(CliFolder folder, string name, string iterations, string accelerator = "cpu") =>
        ["train", "--data", "moons", "--model", "mlp:2-16-16-1", "--iterations", iterations, "--batch", "40", "--k", "5", "--buffer", "300", "--seed", "3",
            "--lr-decay", "none", "--accelerator", accelerator, "--json", "--out", folder.File($"{name}.safetensors")];

    // Float rounding of the gradient's sum, in another order over the members: measured at an ulp or two of |θ|.
    private static void AssertClose(string actualPath, string expectedPath, string what)
    {
        float[] actual = MlpParameterFile.Read(actualPath, Layers), expected = MlpParameterFile.Read(expectedPath, Layers);
        Assert.That(actual, Is.EqualTo(expected).Within(1e-5 * expected.Max(Math.Abs)), what);
    }
}
