using System.Text.Json;
using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

[TestFixture]
public sealed class EnergyCommandTests
{
    private const string Gaussian = """{"energy": "gaussian", "mean": [1, -1, 0.5], "covariance": [[2, 0.5, 0], [0.5, 1, 0.2], [0, 0.2, 0.5]]}""";

    private static readonly double[,] SomePoints = { { 0, 0, 0 }, { 1, -1, 0.5 }, { 2.5, 3, -1 }, { -0.25, 0.125, 4 }, { 1e-3, -7, 2 } };

    [Test]
    public void EnergiesAndGradientsEqualThoseOfTheEnergyModel()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", Gaussian);
        var run = CliRun.Of("energy", "--model", spec, "--points", folder.Points("x.npy", SomePoints),
            "--out", folder.File("e.npy"), "--grad", folder.File("g.npy"), "--accelerator", "cpu");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("5 energies of the gaussian model (d = 3)"));

        var energies = NpyFile.Read(folder.File("e.npy"));
        var gradients = NpyFile.Read(folder.File("g.npy"));
        Assert.That(energies.DType, Is.EqualTo(NpyDType.Float32));
        Assert.That(energies.Shape, Is.EqualTo(new[] { 5 }));
        Assert.That(gradients.DType, Is.EqualTo(NpyDType.Float32));
        Assert.That(gradients.Shape, Is.EqualTo(new[] { 5, 3 }));

        using var session = AcceleratorSession.Open("cpu");
        using var model = EnergyModel.Create(ModelSpecReader.Read(spec), session);
        var points = new float[5, 3];
        for (int n = 0; n < 5; n++)
            for (int j = 0; j < 3; j++)
                points[n, j] = (float)SomePoints[n, j];
        var (expectedEnergies, expectedGradients) = model.EnergyAndGradient(points);
        Assert.That(energies.ToSingle(), Is.EqualTo(expectedEnergies));
        Assert.That(gradients.ToSingle(), Is.EqualTo(expectedGradients.Cast<float>().ToArray()));
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "e.npy", "g.npy", "model.json", "x.npy" }), "no temporary file is left");
    }

    [Test]
    public void ASavedModelFileIsAModelAsInEval()
    {
        using var folder = new CliFolder();
        var saved = new MlpSpec([3, 8, 1], ActivationKind.SiLU, MlpSpec.Initialize([3, 8, 1], ActivationKind.SiLU, seed: 2).Parameters,
            outputScale: 0.5, new GaussianBase([1, 0, -1], 2));
        string model = folder.File("m.safetensors");
        MlpParameterFile.Write(model, saved);
        var run = CliRun.Of("energy", "--model", model, "--points", folder.Points("x.npy", SomePoints), "--out", folder.File("e.npy"), "--accelerator", "cpu");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        float[] energies = NpyFile.Read(folder.File("e.npy")).ToSingle();
        for (int n = 0; n < SomePoints.GetLength(0); n++)
        {
            double[] point = [SomePoints[n, 0], SomePoints[n, 1], SomePoints[n, 2]];
            Assert.That(energies[n], Is.EqualTo(saved.ReferenceEnergy(point, new double[3])).Within(1e-4).Percent, $"point {n}: the network with its scale and base term");
        }
    }

    [Test]
    public void JsonDescribesTheRun()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("energy", "--model", folder.Spec("model.json", Gaussian), "--points", folder.Points("x.npy", SomePoints),
            "--out", folder.File("e.npy"), "--accelerator", "cpu", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.That(root.GetProperty("accelerator").GetString(), Is.EqualTo("cpu:0"));
        Assert.That(root.GetProperty("points").GetInt32(), Is.EqualTo(5));
        Assert.That(root.GetProperty("d").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("grad").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("energy").GetProperty("min").GetDouble(), Is.EqualTo(0).Within(1e-6), "the mean is a point");
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "e.npy", "model.json", "x.npy" }));
    }

    [Test]
    public void ReplacesExistingOutputsOnlyWhenEverythingSucceeds()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", Gaussian);
        File.WriteAllText(folder.File("e.npy"), "old energies");
        File.WriteAllText(folder.File("g.npy"), "old gradients");
        var bad = SomePoints.Clone() as double[,];
        bad![3, 2] = double.NaN;
        var failed = CliRun.Of("energy", "--model", spec, "--points", folder.Points("bad.npy", bad),
            "--out", folder.File("e.npy"), "--grad", folder.File("g.npy"), "--accelerator", "cpu");
        CliFolder.AssertUsageError(failed, "bad.npy[3, 2] is NaN");
        Assert.That(File.ReadAllText(folder.File("e.npy")), Is.EqualTo("old energies"));
        Assert.That(File.ReadAllText(folder.File("g.npy")), Is.EqualTo("old gradients"));

        var run = CliRun.Of("energy", "--model", spec, "--points", folder.Points("x.npy", SomePoints),
            "--out", folder.File("e.npy"), "--grad", folder.File("g.npy"), "--accelerator", "cpu");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(NpyFile.Read(folder.File("e.npy")).Shape, Is.EqualTo(new[] { 5 }));
        Assert.That(NpyFile.Read(folder.File("g.npy")).Shape, Is.EqualTo(new[] { 5, 3 }));
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "bad.npy", "e.npy", "g.npy", "model.json", "x.npy" }));
    }

    [Test]
    public void AGradientOutputInAMissingFolderFailsBeforeAnythingIsWritten()
    {
        using var folder = new CliFolder();
        var run = CliRun.Of("energy", "--model", folder.Spec("model.json", Gaussian), "--points", folder.Points("x.npy", SomePoints),
            "--out", folder.File("e.npy"), "--grad", folder.File(Path.Combine("absent", "g.npy")), "--accelerator", "cpu");
        CliFolder.AssertUsageError(run, $"--grad {folder.File(Path.Combine("absent", "g.npy"))}: the folder");
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "model.json", "x.npy" }));
    }

    public static IEnumerable<TestCaseData> BadInputs()
    {
        TestCaseData Case(string name, string spec, double[,] points, string expected, params string[] extra) =>
            new TestCaseData(spec, points, extra, expected).SetArgDisplayNames(name);
        yield return Case("unknown energy kind", """{"energy": "gausian", "mean": [0]}""", SomePoints, "unknown energy kind 'gausian'; known kinds: gaussian,");
        yield return Case("NaN string in spec", """{"energy": "diagonal_gaussian", "mean": ["NaN", 0, 0], "scales": [1, 1, 1]}""", SomePoints, "'mean[0]' is the string \"NaN\"");
        yield return Case("NaN in points", Gaussian, new double[,] { { 0, 0, 0 }, { 0, double.NaN, 0 } }, "x.npy[1, 1] is NaN: every coordinate must be finite");
        yield return Case("infinity in points", Gaussian, new double[,] { { double.PositiveInfinity, 0, 0 } }, "x.npy[0, 0] is Infinity: every coordinate must be finite");
        yield return Case("float32 overflow in points", Gaussian, new double[,] { { 1e300, 0, 0 } }, "x.npy[0, 0] is Infinity: every coordinate must be finite");
        yield return Case("wrong dimension", Gaussian, new double[,] { { 0, 0 } }, "x.npy holds points of dimension 2 (shape [1, 2]); the model has dimension 3");
        yield return Case("no points", Gaussian, new double[0, 3], "holds no points");
        yield return Case("same output twice", Gaussian, SomePoints, "--grad and --out name the same file", "--grad", "e.npy");
        yield return Case("bad accelerator", Gaussian, SomePoints, "'tpu' is not an accelerator", "--accelerator", "tpu");
        yield return Case("missing --out", Gaussian, SomePoints, "Option '--out' is required", "--out");
    }

    [TestCaseSource(nameof(BadInputs))]
    public void BadInputExitsWithUsageErrorAndAOneLineMessage(string spec, double[,] points, string[] extra, string expected)
    {
        using var folder = new CliFolder();
        List<string> args = ["energy", "--model", folder.Spec("model.json", spec), "--points", folder.Points("x.npy", points)];
        if (!extra.Contains("--out"))
            args.AddRange(["--out", folder.File("e.npy")]);
        if (!extra.Contains("--accelerator"))
            args.AddRange(["--accelerator", "cpu"]);
        args.AddRange(extra.Where(arg => arg != "--out").Select(arg => arg.EndsWith(".npy", StringComparison.Ordinal) ? folder.File(arg) : arg));
        var run = CliRun.Of([.. args]);
        CliFolder.AssertUsageError(run, expected);
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "model.json", "x.npy" }), "nothing is written");
    }

    [Test]
    public void MissingFilesAreNamed()
    {
        using var folder = new CliFolder();
        string spec = folder.Spec("model.json", Gaussian);
        CliFolder.AssertUsageError(
            CliRun.Of("energy", "--model", folder.File("absent.json"), "--points", folder.Points("x.npy", SomePoints), "--out", folder.File("e.npy")),
            $"model spec {folder.File("absent.json")}: the file does not exist");
        CliFolder.AssertUsageError(
            CliRun.Of("energy", "--model", spec, "--points", folder.File("absent.npy"), "--out", folder.File("e.npy")),
            $"--points: {folder.File("absent.npy")} does not exist");
    }

    [Test]
    public void PointsMustBeAMatrix()
    {
        using var folder = new CliFolder();
        NpyFile.Write(folder.File("v.npy"), new float[] { 1, 2, 3 }, [3]);
        CliFolder.AssertUsageError(
            CliRun.Of("energy", "--model", folder.Spec("model.json", Gaussian), "--points", folder.File("v.npy"), "--out", folder.File("e.npy")),
            "has shape [3]; expected a 2-D [N, 3] array of points");
    }
}
