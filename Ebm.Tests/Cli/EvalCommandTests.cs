using System.Text.Json;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

[TestFixture]
public sealed class EvalCommandTests
{
    [Test]
    public void AisGivesTheAnalyticNllWithinItsError()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", """{"energy": "gaussian", "mean": [0, 0], "covariance": [[4, 1], [1, 3]]}""");
        var analytic = CliRun.Of("eval", "--model", spec, "--data", "8gaussians", "--count", "500", "--accelerator", "cpu", "--json");
        var ais = CliRun.Of("eval", "--model", spec, "--data", "8gaussians", "--count", "500", "--method", "ais", "--runs", "128", "--temperatures", "50", "--accelerator", "cpu", "--json");
        Assert.That(analytic.ExitCode, Is.EqualTo(0), analytic.Error);
        Assert.That(ais.ExitCode, Is.EqualTo(0), ais.Error);
        using var exact = JsonDocument.Parse(analytic.Output);
        using var estimated = JsonDocument.Parse(ais.Output);
        Assert.That(exact.RootElement.GetProperty("log_z_method").GetString(), Is.EqualTo("analytic"));
        Assert.That(estimated.RootElement.GetProperty("log_z_method").GetString(), Is.EqualTo("ais"));
        Assert.That(estimated.RootElement.GetProperty("log_z_ess").GetDouble(), Is.GreaterThan(1));
        double error = estimated.RootElement.GetProperty("log_z_error").GetDouble();
        // Same points, so the NLLs differ by exactly the log Z estimates' difference.
        Assert.That(estimated.RootElement.GetProperty("nll").GetDouble(), Is.EqualTo(exact.RootElement.GetProperty("nll").GetDouble()).Within(4 * error + 1e-9));
    }

    [Test]
    public void DataOfAnotherDimensionIsNamed()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", """{"energy": "diagonal_gaussian", "mean": [0, 0], "scales": [1, 1]}""");
        var run = CliRun.Of("eval", "--model", spec, "--data", folder.Points("three.npy", new double[,] { { 0, 0, 0 }, { 1, 1, 1 } }), "--accelerator", "cpu");
        CliFolder.AssertUsageError(run, "has 3 columns; the diagonal_gaussian model has dimension 2");
    }

    [Test]
    public void MissingModelAndDataFilesAreNamed()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", """{"energy": "gaussian", "mean": [0, 0], "covariance": [[1, 0], [0, 1]]}""");
        string absentModel = folder.File("absent.safetensors"), absentData = folder.File("absent.npy");
        CliFolder.AssertUsageError(CliRun.Of("eval", "--model", absentModel, "--data", "8gaussians", "--accelerator", "cpu"), $"{absentModel} does not exist");
        CliFolder.AssertUsageError(CliRun.Of("eval", "--model", spec, "--data", absentData, "--accelerator", "cpu"), $"{absentData} does not exist");
    }

    [Test]
    public void AnUnknownMethodIsAUsageError()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", """{"energy": "gaussian", "mean": [0, 0], "covariance": [[1, 0], [0, 1]]}""");
        CliFolder.AssertUsageError(CliRun.Of("eval", "--model", spec, "--data", "8gaussians", "--method", "simpson"), "simpson");
    }

    [Test]
    public void AnRbmsNllUsesTheExactSumOrAisAndRefusesNonBinaryRows()
    {
        using var folder = new CliFolder();
        var rbm = Ebm.Facade.Models.RbmSpec.Random(9, 6, 0.8, seed: 5);
        string model = folder.File("rbm.safetensors");
        Ebm.Facade.IO.SafeTensorsFile.Write(model, rbm.ToSafeTensors());
        var rows = new float[40 * 9];
        var random = new Random(2);
        for (int k = 0; k < rows.Length; k++)
            rows[k] = random.Next(2);
        string data = folder.File("rows.npy");
        Ebm.Facade.IO.NpyFile.Write(data, rows, [40, 9]);
        var exact = CliRun.Of("eval", "--model", model, "--data", data, "--accelerator", "cpu", "--json");
        Assert.That(exact.ExitCode, Is.Zero, exact.Error);
        using var exactJson = JsonDocument.Parse(exact.Output);
        double logZ = rbm.ExactLogPartition();
        double expected = Enumerable.Range(0, 40).Average(n => logZ - rbm.UnnormalizedLogProbability([.. rows.AsSpan(9 * n, 9).ToArray().Select(value => (double)value)]));
        Assert.That(exactJson.RootElement.GetProperty("log_z_method").GetString(), Is.EqualTo("exact"));
        Assert.That(exactJson.RootElement.GetProperty("nll").GetDouble(), Is.EqualTo(expected).Within(1e-9), "mean of log Z − log p̃(v), the host's float64 reference");
        var ais = CliRun.Of("eval", "--model", model, "--data", data, "--method", "ais", "--runs", "128", "--temperatures", "100", "--accelerator", "cpu", "--json");
        Assert.That(ais.ExitCode, Is.Zero, ais.Error);
        using var aisJson = JsonDocument.Parse(ais.Output);
        Assert.That(aisJson.RootElement.GetProperty("log_z").GetDouble(), Is.EqualTo(logZ).Within(5 * aisJson.RootElement.GetProperty("log_z_error").GetDouble()));
        rows[3] = 0.5f;
        Ebm.Facade.IO.NpyFile.Write(data, rows, [40, 9]);
        CliFolder.AssertUsageError(CliRun.Of("eval", "--model", model, "--data", data), "an RBM's visible units are 0 or 1; found 0.5");
    }
}
