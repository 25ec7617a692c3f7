using System.Text.Json;
using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

[TestFixture]
public sealed class LogzCommandTests
{
    private const string Gaussian = """{"energy": "gaussian", "mean": [1, -1], "covariance": [[2, 0.5], [0.5, 1]], "temperature": 1.5}""";

    [Test]
    public void AnalyticLogZIsTheSpecsClosedForm()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", Gaussian);
        var run = CliRun.Of("logz", "--model", spec, "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var document = JsonDocument.Parse(run.Output);
        Assert.That(document.RootElement.GetProperty("method").GetString(), Is.EqualTo("analytic"));
        Assert.That(document.RootElement.GetProperty("log_z").GetDouble(), Is.EqualTo(ModelSpecReader.Read(spec).LogPartition));
        Assert.That(CliRun.Of("logz", "--model", spec).Output, Does.StartWith("log Z = ").And.Contain("(analytic; gaussian, d = 2, T = 1.5)"));
    }

    [TestCase(Gaussian, 1e-6)]
    [TestCase("""{"energy": "diagonal_gaussian", "mean": [3], "scales": [0.1]}""", 1e-7)]
    [TestCase("""{"energy": "banana", "dim": 2, "a": 1, "b": 10}""", 1e-4)]
    public void QuadratureOnTheDefaultBoxMatchesTheClosedForm(string json, double tolerance)
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", json);
        var run = CliRun.Of("logz", "--model", spec, "--method", "quadrature", "--accelerator", "cpu", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.That(root.GetProperty("method").GetString(), Is.EqualTo("quadrature"));
        Assert.That(root.GetProperty("log_z").GetDouble(), Is.EqualTo(root.GetProperty("analytic_log_z").GetDouble()).Within(tolerance));
        Assert.That(root.GetProperty("resolution").GetInt32(), Is.EqualTo(512));
    }

    [Test]
    public void AMixtureAwayFromUnitTemperatureFallsBackToQuadrature()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", """{"energy": "mixture", "weights": [1, 1], "means": [[-2], [2]], "scales": [[0.5], [1]], "temperature": 2}""");
        var run = CliRun.Of("logz", "--model", spec, "--accelerator", "cpu", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var document = JsonDocument.Parse(run.Output);
        Assert.That(document.RootElement.GetProperty("method").GetString(), Is.EqualTo("quadrature"));
        Assert.That(document.RootElement.GetProperty("analytic_log_z").ValueKind, Is.EqualTo(JsonValueKind.Null));
        // Oracle: the float64 host energy integrated by the trapezoid rule on a fine grid over [−20, 20].
        var mixture = ModelSpecReader.Read(spec);
        const int n = 400_000;
        double h = 40.0 / n, sum = 0;
        var gradient = new double[1];
        for (int i = 0; i <= n; i++)
            sum += (i == 0 || i == n ? 0.5 : 1) * Math.Exp(-mixture.ReferenceEnergy([-20 + i * h], gradient) / 2);
        Assert.That(document.RootElement.GetProperty("log_z").GetDouble(), Is.EqualTo(Math.Log(sum * h)).Within(1e-5));
    }

    [Test]
    public void ExplicitBoundsMayStartWithAMinusSign()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("logz", "--model", folder.Spec("model.json", Gaussian), "--bounds", "-12,14", "--resolution", "256", "--accelerator", "cpu");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("quadrature, 256 cells per axis on [-12, 14] × [-12, 14]"));
    }

    [Test]
    public void AisAgreesWithTheClosedFormWithinFourStandardErrors()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", """{"energy": "gaussian", "mean": [1, -1, 0.5], "covariance": [[2, 0.5, 0], [0.5, 1, 0.3], [0, 0.3, 0.5]], "temperature": 1.5}""");
        var run = CliRun.Of("logz", "--model", spec, "--method", "ais", "--runs", "128", "--temperatures", "60", "--seed", "3", "--accelerator", "cpu", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.That(root.GetProperty("method").GetString(), Is.EqualTo("ais"));
        Assert.That(root.GetProperty("runs").GetInt32(), Is.EqualTo(128));
        Assert.That(root.GetProperty("temperatures").GetInt32(), Is.EqualTo(60));
        Assert.That(root.GetProperty("ess").GetDouble(), Is.InRange(1.0, 128.0));
        double error = root.GetProperty("error").GetDouble();
        Assert.That(error, Is.GreaterThan(0));
        Assert.That(root.GetProperty("log_z").GetDouble(), Is.EqualTo(root.GetProperty("analytic_log_z").GetDouble()).Within(4 * error));
        var text = CliRun.Of("logz", "--model", spec, "--method", "ais", "--runs", "32", "--temperatures", "10", "--accelerator", "cpu");
        Assert.That(text.Output, Does.Contain("(ais, 32 runs × 10 temperatures, ESS ").And.Contain("analytic log Z = "));
    }

    [Test]
    public void WithoutAClosedFormAboveTwoDimensionsTheDefaultIsAis()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", """{"energy": "mixture", "weights": [1, 1], "means": [[-2, 0, 0], [2, 0, 0]], "scales": [[0.5, 1, 1], [1, 1, 1]], "temperature": 2}""");
        var run = CliRun.Of("logz", "--model", spec, "--runs", "64", "--temperatures", "40", "--accelerator", "cpu", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var document = JsonDocument.Parse(run.Output);
        Assert.That(document.RootElement.GetProperty("method").GetString(), Is.EqualTo("ais"));
        Assert.That(document.RootElement.GetProperty("analytic_log_z").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void AnRbmFileGetsExactEnumerationAndAis()
    {
        using var folder = new CliFolder();
        var rbm = RbmSpec.Random(8, 5, 1.0, 4);
        string path = folder.File("rbm.safetensors");
        SafeTensorsFile.Write(path, rbm.ToSafeTensors());
        var exact = CliRun.Of("logz", "--model", path, "--json");
        Assert.That(exact.ExitCode, Is.EqualTo(0), exact.Error);
        using var exactDocument = JsonDocument.Parse(exact.Output);
        Assert.That(exactDocument.RootElement.GetProperty("method").GetString(), Is.EqualTo("exact"));
        Assert.That(exactDocument.RootElement.GetProperty("log_z").GetDouble(), Is.EqualTo(rbm.ExactLogPartition()).Within(1e-12).Percent, "the device's float64 sum against the host's");
        var ais = CliRun.Of("logz", "--model", path, "--method", "ais", "--runs", "128", "--temperatures", "100", "--accelerator", "cpu", "--json");
        Assert.That(ais.ExitCode, Is.EqualTo(0), ais.Error);
        using var aisDocument = JsonDocument.Parse(ais.Output);
        var root = aisDocument.RootElement;
        Assert.That(root.GetProperty("method").GetString(), Is.EqualTo("ais"));
        Assert.That(root.GetProperty("log_z").GetDouble(), Is.EqualTo(rbm.ExactLogPartition()).Within(4 * root.GetProperty("error").GetDouble()));
        Assert.That(CliRun.Of("logz", "--model", path, "--accelerator", "cpu").Output, Does.StartWith("log Z = ").And.Contain("(exact enumeration; rbm, V = 8, H = 5, T = 1; cpu:0)"));
        CliFolder.AssertUsageError(CliRun.Of("logz", "--model", path, "--method", "quadrature"), "log Z of an RBM is --method exact (enumeration) or ais");
    }

    [TestCase(Gaussian, "--method=exact", "--method exact enumerates discrete models")]
    [TestCase(Gaussian, "--method=ais --resolution=64", "--resolution applies to --method quadrature, not ais")]
    [TestCase(Gaussian, "--method=ais --runs=1", "--runs must be at least 2; got 1")]
    [TestCase(Gaussian, "--method=analytic --bounds=0,1", "--bounds and --resolution apply to --method quadrature")]
    [TestCase("""{"energy": "mixture", "weights": [1], "means": [[0]], "scales": [[1]], "temperature": 2}""", "--method=analytic", "the mixture model at T = 2 has no closed-form log Z")]
    [TestCase("""{"energy": "funnel", "dim": 3, "sigma": 1}""", "--method=quadrature", "quadrature needs d ≤ 2 but the funnel model has d = 3")]
    [TestCase("""{"energy": "funnel", "dim": 2, "sigma": 1}""", "--method=quadrature", "--bounds is required for quadrature of the funnel model")]
    [TestCase(Gaussian, "--bounds=1,0", "--bounds of axis 0 must have lo < hi")]
    [TestCase(Gaussian, "--bounds=a,b", "--bounds must be finite numbers separated by commas")]
    [TestCase(Gaussian, "--bounds=0,1,2", "--bounds has 3 numbers; a 2-D model needs lo,hi for every axis (2 or 4 numbers)")]
    [TestCase(Gaussian, "--resolution=7", "--resolution must be even")]
    [TestCase(Gaussian, "--resolution=2", "--resolution must be at least 4; got 2")]
    [TestCase(Gaussian, "--method=simpson", "simpson")]
    public void BadRequestsExitWithUsageErrorAndAOneLineMessage(string json, string options, string expected)
    {
        using var folder = new CliFolder();
        var run = CliRun.Of(["logz", "--model", folder.Spec("model.json", json), "--accelerator", "cpu", .. options.Split(' ')]);
        CliFolder.AssertUsageError(run, expected);
    }
}
