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
    public void AnUnknownMethodIsAUsageError()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", """{"energy": "gaussian", "mean": [0, 0], "covariance": [[1, 0], [0, 1]]}""");
        CliFolder.AssertUsageError(CliRun.Of("eval", "--model", spec, "--data", "8gaussians", "--method", "simpson"), "simpson");
    }
}
