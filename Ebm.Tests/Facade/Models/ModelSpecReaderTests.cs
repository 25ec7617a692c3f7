using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Kernels.Energies;
using Ebm.Tests.Facade.IO;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Models;

/// <summary>JSON model specs: every kind that parses, and every class of bad input with a message naming the problem.</summary>
[TestFixture]
public sealed class ModelSpecReaderTests
{
    private TemporaryFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TemporaryFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public void ReadsAGaussianFromItsCovariance()
    {
        var spec = (GaussianSpec)Read("""{"energy": "gaussian", "mean": [1, -1], "covariance": [[2, 0.5], [0.5, 1]]}""");
        Assert.That(spec.Mean, Is.EqualTo(new[] { 1.0, -1.0 }));
        Assert.That(spec.Covariance, Is.EqualTo(new double[,] { { 2, 0.5 }, { 0.5, 1 } }));
        Assert.That(spec.Temperature, Is.EqualTo(1));
    }

    [Test]
    public void ReadsAGaussianFromItsPrecision()
    {
        var spec = (GaussianSpec)Read("""{"energy": "gaussian", "mean": [0, 0], "precision": [[4, 0], [0, 0.25]], "temperature": 2}""");
        Assert.That(spec.Covariance[0, 0], Is.EqualTo(0.25).Within(1e-12));
        Assert.That(spec.Covariance[1, 1], Is.EqualTo(4).Within(1e-12));
        Assert.That(spec.Temperature, Is.EqualTo(2));
    }

    [Test]
    public void ReadsADiagonalGaussian()
    {
        var spec = (DiagonalGaussianSpec)Read("""{"energy": "diagonal_gaussian", "mean": [0, 1, 2], "scales": [1, 0.5, 2]}""");
        Assert.That(spec.Mean, Is.EqualTo(new[] { 0.0, 1, 2 }));
        Assert.That(spec.Scales, Is.EqualTo(new[] { 1.0, 0.5, 2 }));
    }

    [Test]
    public void ReadsAMixture()
    {
        var spec = (GaussianMixtureSpec)Read("""
            {"energy": "mixture", "weights": [1, 3], "means": [[0, 0], [2, 1]], "scales": [[1, 1], [0.5, 0.25]]}
            """);
        Assert.That(spec.Weights, Is.EqualTo(new[] { 0.25, 0.75 }));
        Assert.That(spec.Means[1], Is.EqualTo(new[] { 2.0, 1 }));
        Assert.That(spec.Scales[1], Is.EqualTo(new[] { 0.5, 0.25 }));
    }

    [Test]
    public void ReadsABananaAndAFunnelWithCommentsAndTrailingCommas()
    {
        var banana = (BananaSpec)Read("""{"energy": "banana", "dim": 4, "a": 1, "b": 100, /* Rosenbrock */}""");
        Assert.That((banana.Dimension, banana.A, banana.B), Is.EqualTo((4, 1.0, 100.0)));
        var funnel = (FunnelSpec)Read("""
            // Neal's funnel
            {"energy": "funnel", "dim": 10, "sigma": 3, "temperature": 0.5}
            """);
        Assert.That((funnel.Dimension, funnel.Sigma, funnel.Temperature), Is.EqualTo((10, 3.0, 0.5)));
    }

    [Test]
    public void ReadsAnMlpWhoseParametersLieRelativeToTheSpecFile()
    {
        var original = MlpSpec.Initialize([3, 8, 5, 1], ActivationKind.Tanh, seed: 7);
        Directory.CreateDirectory(folder.File("weights"));
        MlpParameterFile.Write(folder.File(Path.Combine("weights", "net.safetensors")), original);
        var spec = (MlpSpec)Read("""
            {"energy": "mlp", "layers": [3, 8, 5, 1], "activation": "tanh", "parameters": "weights/net.safetensors", "output_scale": 2.5}
            """);
        Assert.That(spec.Layers, Is.EqualTo(original.Layers));
        Assert.That(spec.Activation, Is.EqualTo(ActivationKind.Tanh));
        Assert.That(spec.OutputScale, Is.EqualTo(2.5));
        Assert.That(spec.Parameters, Is.EqualTo(original.Parameters));
    }

    [Test]
    public void MlpActivationAndOutputScaleHaveDefaults()
    {
        MlpParameterFile.Write(folder.File("w.safetensors"), MlpSpec.Initialize([2, 4, 1], ActivationKind.SiLU, seed: 1) with { });
        var spec = (MlpSpec)Read("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors"}""");
        Assert.That(spec.Activation, Is.EqualTo(ActivationKind.SiLU));
        Assert.That(spec.OutputScale, Is.EqualTo(1));
    }

    [Test]
    public void ReadsAnMlpGaussianBaseTerm()
    {
        MlpParameterFile.Write(folder.File("w.safetensors"), MlpSpec.Initialize([2, 4, 1], ActivationKind.SiLU, seed: 1));
        var centred = (MlpSpec)Read("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors", "base_scale": 3, "base_mean": [1, -2]}""");
        Assert.That(centred.Base!.Scale, Is.EqualTo(3.0));
        Assert.That(centred.Base.Mean, Is.EqualTo(new[] { 1.0, -2.0 }));
        var atOrigin = (MlpSpec)Read("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors", "base_scale": 3}""");
        Assert.That(atOrigin.Base!.Mean, Is.EqualTo(new[] { 0.0, 0.0 }));
        Assert.That(((MlpSpec)Read("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors"}""")).Base, Is.Null);
    }

    [TestCase("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors", "base_mean": [0, 0]}""", "'base_mean' needs 'base_scale'")]
    [TestCase("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors", "base_scale": 0}""", "base scale is 0; every value must be positive")]
    [TestCase("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors", "base_scale": 1, "base_mean": [0]}""", "base mean has 1 values; expected 2")]
    public void BadBaseTermsAreNamed(string json, string expected)
    {
        MlpParameterFile.Write(folder.File("w.safetensors"), MlpSpec.Initialize([2, 4, 1], ActivationKind.SiLU, seed: 1));
        Assert.That(() => Read(json), Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains(expected));
    }

    [TestCase("""{"energy": "gaussian", "mean": [1e308, 0], "covariance": [[1, 0], [0, 1]]}""", "mean[0] is 1E+308; values beyond ±1E+18 overflow float32")]
    [TestCase("""{"energy": "diagonal_gaussian", "mean": [0], "scales": [1e-30]}""", "scales[0] is 1E-30; scales outside 1E-18 … 1E+18")]
    [TestCase("""{"energy": "gaussian", "mean": [0, 0], "covariance": [[1e-50, 0], [0, 1e-50]]}""", "covariance gives the precision an entry [0, 0] of 1E+50")]
    [TestCase("""{"energy": "gaussian", "mean": [0, 0], "precision": [[1e-40, 0], [0, 1]]}""", "precision has a Cholesky factor whose diagonal entry [0, 0] is 1E+20")]
    [TestCase("""{"energy": "funnel", "dim": 3, "sigma": 3e-300}""", "sigma is 3E-300; scales outside")]
    public void ValuesFiniteInFloat64ButNotInFloat32ArithmeticAreNamed(string json, string expected) =>
        Assert.That(() => Read(json), Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains(expected));

    [Test]
    public void ASpecThatLeavesOutTheOutputScaleAndBaseOfItsSavedModelGetsTheFilesValues()
    {
        var trained = new MlpSpec([2, 4, 1], ActivationKind.SiLU, MlpSpec.Initialize([2, 4, 1], ActivationKind.SiLU, seed: 1).Parameters,
            outputScale: 0.75, new GaussianBase([0.5, -1], 2));
        MlpParameterFile.Write(folder.File("w.safetensors"), trained);
        var spec = (MlpSpec)Read("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors"}""");
        double[] point = [0.3, -0.4];
        Assert.That(spec.ReferenceEnergy(point, new double[2]), Is.EqualTo(trained.ReferenceEnergy(point, new double[2])), "the saved model, not the bare network");
        var repeated = (MlpSpec)Read("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors", "output_scale": 0.75, "base_scale": 2, "base_mean": [0.5, -1]}""");
        Assert.That(repeated.ReferenceEnergy(point, new double[2]), Is.EqualTo(trained.ReferenceEnergy(point, new double[2])), "values that agree are accepted");
    }

    [TestCase("\"output_scale\": 1", "'output_scale' is 1 but the parameters file 'w.safetensors' was saved with output_scale 0.75")]
    [TestCase("\"base_scale\": 1", "'base_scale' is 1 but the parameters file 'w.safetensors' was trained with base_scale 2")]
    [TestCase("\"base_scale\": 2, \"base_mean\": [0.5, 1]", "'base_mean'[1] is 1 but the parameters file 'w.safetensors' was trained with -1 there")]
    public void ASpecThatContradictsItsSavedModelIsRefusedNamingTheField(string fields, string expected)
    {
        MlpParameterFile.Write(folder.File("w.safetensors"), new MlpSpec([2, 4, 1], ActivationKind.SiLU,
            MlpSpec.Initialize([2, 4, 1], ActivationKind.SiLU, seed: 1).Parameters, outputScale: 0.75, new GaussianBase([0.5, -1], 2)));
        Assert.That(() => Read($$"""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors", {{fields}}}"""),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains(expected));
    }

    [Test]
    public void ParseResolvesRelativePathsAgainstTheGivenFolder()
    {
        MlpParameterFile.Write(folder.File("w.safetensors"), MlpSpec.Initialize([2, 4, 1], ActivationKind.Elu, seed: 1));
        var spec = ModelSpecReader.Parse("""{"energy": "mlp", "layers": [2, 4, 1], "activation": "elu", "parameters": "w.safetensors"}""", folder.Path);
        Assert.That(spec, Is.InstanceOf<MlpSpec>());
        Assert.That(() => ModelSpecReader.Parse("""{"energy": "nope"}""", folder.Path),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.StartsWith("model spec: unknown energy kind"));
    }

    // The float64 host reference follows the arithmetic of torch's float64 pass, so it agrees to rounding.
    [Test]
    public void ThePyTorchFixtureLoadsAndItsFloat64ReferenceMatchesTorchToRounding()
    {
        var spec = (MlpSpec)ModelSpecReader.Read(FixturePath.Of("torch/model.json"));
        var (points, energies, gradients) = TorchMlpFixtureTests.Fixtures();
        var gradient = new double[2];
        for (int n = 0; n < energies.Length; n++)
        {
            double energy = spec.ReferenceEnergy(TestPoints.Row(points, n), gradient);
            Assert.That(energy, Is.EqualTo(energies[n]).Within(1e-12 * Math.Abs(energies[n])), $"E(point {n})");
            for (int j = 0; j < 2; j++)
                Assert.That(gradient[j], Is.EqualTo(gradients[n, j]).Within(1e-12 * Math.Abs(gradients[n, j])), $"∂E/∂x{j} at point {n}");
        }
    }

    public static IEnumerable<TestCaseData> BadSpecs()
    {
        TestCaseData Case(string name, string json, string expected) => new TestCaseData(json, expected).SetArgDisplayNames(name);
        yield return Case("unknown kind", """{"energy": "gauss", "mean": [0]}""", "unknown energy kind 'gauss'; known kinds: gaussian, diagonal_gaussian, mixture, banana, funnel, mlp");
        yield return Case("no kind", """{"mean": [0]}""", "missing field 'energy'");
        yield return Case("missing field", """{"energy": "diagonal_gaussian", "mean": [0]}""", "missing field 'scales'");
        yield return Case("missing matrix", """{"energy": "gaussian", "mean": [0]}""", "missing field 'covariance' (or 'precision')");
        yield return Case("both matrices", """{"energy": "gaussian", "mean": [0], "covariance": [[1]], "precision": [[1]]}""", "either 'covariance' or 'precision', not both");
        yield return Case("unknown field", """{"energy": "funnel", "dim": 3, "sigma": 1, "sigmma": 2}""", "unknown field 'sigmma' for energy 'funnel'");
        yield return Case("string for number", """{"energy": "banana", "dim": "2", "a": 1, "b": 1}""", "'dim' must be a number, not the string \"2\"");
        yield return Case("number for array", """{"energy": "diagonal_gaussian", "mean": 0, "scales": [1]}""", "'mean' must be an array, not 0");
        yield return Case("array of strings", """{"energy": "diagonal_gaussian", "mean": [0, true], "scales": [1, 1]}""", "'mean[1]' must be a number, not true");
        yield return Case("string kind", """{"energy": 3}""", "'energy' must be a string, not 3");
        yield return Case("not an integer", """{"energy": "funnel", "dim": 2.5, "sigma": 1}""", "'dim' must be an integer, not 2.5");
        yield return Case("mis-sized scales", """{"energy": "diagonal_gaussian", "mean": [0, 1], "scales": [1]}""", "diagonal_gaussian: scales has 1 values; expected 2");
        yield return Case("mis-sized mixture row", """{"energy": "mixture", "weights": [1, 1], "means": [[0, 0], [1]], "scales": [[1, 1], [1, 1]]}""", "means[1] has 1 values; expected 2");
        yield return Case("mis-sized covariance", """{"energy": "gaussian", "mean": [0, 0, 0], "covariance": [[1, 0], [0, 1]]}""", "covariance is [2, 2]; expected [3, 3]");
        yield return Case("ragged matrix", """{"energy": "gaussian", "mean": [0, 0], "covariance": [[1, 0], [0]]}""", "'covariance' is not a rectangular matrix: row 1 has 1 values but row 0 has 2");
        yield return Case("NaN string", """{"energy": "diagonal_gaussian", "mean": [0, "NaN"], "scales": [1, 1]}""", "'mean[1]' is the string \"NaN\": every value must be a finite number");
        yield return Case("Infinity string", """{"energy": "funnel", "dim": 3, "sigma": "-Infinity"}""", "'sigma' is the string \"-Infinity\"");
        yield return Case("NaN in matrix", """{"energy": "gaussian", "mean": [0], "covariance": [["nan"]]}""", "'covariance[0][0]' is the string \"nan\"");
        yield return Case("overflow", """{"energy": "banana", "dim": 2, "a": 1e400, "b": 1}""", "'a' is 1e400, which is outside the float64 range");
        yield return Case("not positive definite", """{"energy": "gaussian", "mean": [0, 0], "covariance": [[1, 2], [2, 1]]}""", "gaussian: covariance is not positive definite");
        yield return Case("not symmetric", """{"energy": "gaussian", "mean": [0, 0], "precision": [[1, 0.5], [0.2, 1]]}""", "precision is not symmetric");
        yield return Case("negative scale", """{"energy": "diagonal_gaussian", "mean": [0], "scales": [-1]}""", "scales[0] is -1; every value must be positive and finite");
        yield return Case("odd banana", """{"energy": "banana", "dim": 3, "a": 1, "b": 100}""", "banana dimension must be even");
        yield return Case("bad temperature", """{"energy": "funnel", "dim": 3, "sigma": 1, "temperature": 0}""", "'temperature' is 0; it must be positive");
        yield return Case("NaN temperature", """{"energy": "funnel", "dim": 3, "sigma": 1, "temperature": "NaN"}""", "'temperature' is the string \"NaN\"");
        yield return Case("unknown activation", """{"energy": "mlp", "layers": [2, 1], "activation": "relu", "parameters": "w.safetensors"}""", "mlp: unknown activation 'relu'; known activations: silu, softplus, tanh, leaky_relu, elu");
        yield return Case("bad layers", """{"energy": "mlp", "layers": [2, 4, 2], "parameters": "w.safetensors"}""", "layers must list at least two positive widths ending in 1");
        yield return Case("duplicate field", """{"energy": "funnel", "dim": 3, "dim": 4, "sigma": 1}""", "field 'dim' appears twice");
        yield return Case("not an object", """[{"energy": "funnel"}]""", "the spec must be a JSON object");
        yield return Case("not JSON", """{"energy": "funnel", """, "not valid JSON");
        yield return Case("empty", "", "not valid JSON");
    }

    [TestCaseSource(nameof(BadSpecs))]
    public void RejectsABadSpecWithAOneLineMessageNamingTheFileAndTheProblem(string json, string expected)
    {
        string path = folder.File("spec.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<InvalidModelSpecException>(() => ModelSpecReader.Read(path))!;
        Assert.That(error.Message, Does.StartWith($"model spec {path}: "));
        Assert.That(error.Message, Does.Contain(expected));
        Assert.That(error.Message, Does.Not.Contain("\n").And.Not.Contain("(Parameter '"));
        Assert.That(error.SpecPath, Is.EqualTo(path));
        Assert.That(error, Is.InstanceOf<ArgumentException>());
    }

    [Test]
    public void AMissingSpecFileIsAnInvalidSpec()
    {
        string path = folder.File("absent.json");
        Assert.That(() => ModelSpecReader.Read(path),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.EqualTo($"model spec {path}: the file does not exist"));
    }

    [Test]
    public void AMissingParameterFileIsNamed()
    {
        Assert.That(() => Read("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "absent.safetensors"}"""),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("the parameters file 'absent.safetensors' does not exist"));
    }

    [Test]
    public void AParameterFileThatIsNotSafetensorsIsNamed()
    {
        File.WriteAllText(folder.File("w.safetensors"), "definitely not safetensors");
        Assert.That(() => Read("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors"}"""),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("cannot read the parameters file 'w.safetensors'"));
    }

    [Test]
    public void ParametersOfAnotherArchitectureAreRejected()
    {
        MlpParameterFile.Write(folder.File("w.safetensors"), MlpSpec.Initialize([2, 16, 1], ActivationKind.SiLU, seed: 1));
        Assert.That(() => Read("""{"energy": "mlp", "layers": [2, 8, 1], "parameters": "w.safetensors"}"""),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("the file holds an MLP 2-16-1 (metadata 'layers') but the spec asks for 2-8-1"));
    }

    [Test]
    public void ParametersWithoutMetadataAreCheckedTensorByTensor()
    {
        var content = new SafeTensors();
        content.Add("0.weight", SafeTensor.FromSingle(new float[8], 4, 2));
        content.Add("0.bias", SafeTensor.FromSingle(new float[4], 4));
        content.Add("2.weight", SafeTensor.FromSingle(new float[3], 1, 3));
        content.Add("2.bias", SafeTensor.FromSingle(new float[1], 1));
        SafeTensorsFile.Write(folder.File("w.safetensors"), content);
        Assert.That(() => Read("""{"energy": "mlp", "layers": [2, 4, 1], "parameters": "w.safetensors"}"""),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("tensor '2.weight' has shape [1, 3] but shape [1, 4] was expected"));
    }

    [Test]
    public void ParametersSavedForAnotherActivationAreRejected()
    {
        MlpParameterFile.Write(folder.File("w.safetensors"), MlpSpec.Initialize([2, 4, 1], ActivationKind.Tanh, seed: 1));
        Assert.That(() => Read("""{"energy": "mlp", "layers": [2, 4, 1], "activation": "silu", "parameters": "w.safetensors"}"""),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("was saved for activation 'tanh' but the spec says 'silu'"));
    }

    [Test]
    public void NonFiniteParametersAreRejected()
    {
        var content = MlpParameterFile.ToSafeTensors(new MlpSpec([2, 1], ActivationKind.SiLU, [1, 2, 3]));
        var broken = new SafeTensors();
        broken.Add("0.weight", SafeTensor.FromSingle([1, float.NaN], 1, 2));
        broken.Add("0.bias", content["0.bias"]);
        SafeTensorsFile.Write(folder.File("w.safetensors"), broken);
        Assert.That(() => Read("""{"energy": "mlp", "layers": [2, 1], "parameters": "w.safetensors"}"""),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("parameters[1] is NaN"));
    }

    private EnergySpec Read(string json)
    {
        string path = folder.File("spec.json");
        File.WriteAllText(path, json);
        return ModelSpecReader.Read(path);
    }

    [Test]
    public void IsingSpecsParseAsDiscreteModels()
    {
        var model = ModelSpecReader.ParseAny("""{"energy": "ising", "rows": 16, "cols": 12, "coupling": 0.44, "field": 0.1, "temperature": 2}""", folder.Path);
        Assert.That(model.IsDiscrete);
        Assert.That(model.Continuous, Is.Null);
        var ising = (IsingSpec)model.Discrete!;
        Assert.That((ising.Rows, ising.Columns, ising.Coupling, ising.Field, ising.Temperature), Is.EqualTo((16, 12, 0.44, 0.1, 2.0)));
        var noField = (IsingSpec)ModelSpecReader.ParseAny("""{"energy": "ising", "rows": 2, "cols": 2, "coupling": 1}""", folder.Path).Discrete!;
        Assert.That(noField.Field, Is.EqualTo(0), "field defaults to 0");
        Assert.That(ModelSpecReader.ParseAny("""{"energy": "banana", "dim": 2, "a": 1, "b": 2}""", folder.Path).Continuous, Is.InstanceOf<BananaSpec>());
    }

    [Test]
    public void RbmSpecsReadTheirParameterFile()
    {
        var original = RbmSpec.Random(5, 3, 0.4, seed: 8);
        SafeTensorsFile.Write(folder.File("rbm.safetensors"), original.ToSafeTensors());
        var rbm = (RbmSpec)ModelSpecReader.ParseAny("""{"energy": "rbm", "visible": 5, "hidden": 3, "parameters": "rbm.safetensors"}""", folder.Path).Discrete!;
        Assert.That(rbm.FlatParameters(), Is.EqualTo(original.FlatParameters()));
        Assert.That(() => ModelSpecReader.ParseAny("""{"energy": "rbm", "visible": 4, "hidden": 3, "parameters": "rbm.safetensors"}""", folder.Path),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("holds an RBM with 5 visible and 3 hidden units; the spec says 4 and 3"));
        Assert.That(() => ModelSpecReader.ParseAny("""{"energy": "rbm", "visible": 5, "hidden": 3, "parameters": "missing.safetensors"}""", folder.Path),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("does not exist"));
    }

    [Test]
    public void DiscreteSpecsAreRejectedWhereAContinuousEnergyIsNeeded()
    {
        Assert.That(() => ModelSpecReader.Parse("""{"energy": "ising", "rows": 2, "cols": 2, "coupling": 1}""", folder.Path),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("the ising model is discrete"));
        Assert.That(() => ModelSpecReader.ParseAny("""{"energy": "ising", "rows": 2, "cols": 2, "coupling": 1, "size": 4}""", folder.Path),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("size"));
        Assert.That(() => ModelSpecReader.ParseAny("""{"energy": "ising", "rows": 0, "cols": 2, "coupling": 1}""", folder.Path),
            Throws.InstanceOf<InvalidModelSpecException>());
    }
}
