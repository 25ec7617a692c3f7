using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Kernels.Energies;
using Ebm.Tests.Facade.IO;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Models;

/// <summary>MLP parameters in PyTorch <c>nn.Sequential</c> safetensors layout: names, shapes, order, metadata, round trips.</summary>
[TestFixture]
public sealed class MlpParameterFileTests
{
    [Test]
    public void TensorsFollowTheSequentialNamesAndTheFlatLayout()
    {
        // [2, 3, 1]: 0.weight [3, 2] = θ0..5 row-major, 0.bias = θ6..8, 2.weight [1, 3] = θ9..11, 2.bias = θ12.
        var spec = new MlpSpec([2, 3, 1], ActivationKind.LeakyRelu, [.. Enumerable.Range(0, 13).Select(i => (float)i)]);
        var content = MlpParameterFile.ToSafeTensors(spec);
        Assert.That(content.Names, Is.EqualTo(new[] { "0.bias", "0.weight", "2.bias", "2.weight" }));
        Assert.That(content["0.weight"].Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(content["0.weight"].ToSingle(), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5 }));
        Assert.That(content["0.bias"].ToSingle(), Is.EqualTo(new float[] { 6, 7, 8 }));
        Assert.That(content["2.weight"].Shape, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(content["2.weight"].ToSingle(), Is.EqualTo(new float[] { 9, 10, 11 }));
        Assert.That(content["2.bias"].ToSingle(), Is.EqualTo(new float[] { 12 }));
        Assert.That(content["0.weight"].DType, Is.EqualTo(SafeTensorDType.F32));
        Assert.That(content.Metadata, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["format"] = "ebm-mlp",
            ["layers"] = "2-3-1",
            ["activation"] = "leaky_relu",
        }));
    }

    [Test]
    public void ASavedModelKeepsItsOutputScaleAndBaseTerm()
    {
        using var folder = new TemporaryFolder();
        var spec = new MlpSpec([2, 3, 1], ActivationKind.SiLU, MlpSpec.Initialize([2, 3, 1], ActivationKind.SiLU, seed: 4).Parameters,
            outputScale: 0.75, new GaussianBase([0.25, -1.5], 2.5));
        string path = folder.File("model.safetensors");
        MlpParameterFile.Write(path, spec);
        var loaded = (MlpSpec)ModelFiles.Load(path);
        Assert.That(loaded.OutputScale, Is.EqualTo(0.75));
        Assert.That(loaded.Base!.Scale, Is.EqualTo(2.5));
        Assert.That(loaded.Base.Mean, Is.EqualTo(new[] { 0.25, -1.5 }));
        double[] point = [0.3, 0.7];
        Assert.That(loaded.ReferenceEnergy(point, new double[2]), Is.EqualTo(spec.ReferenceEnergy(point, new double[2])));
    }

    [Test]
    public void ABaseTermInTheMetadataIsChecked()
    {
        using var folder = new TemporaryFolder();
        var content = MlpParameterFile.ToSafeTensors(MlpSpec.Initialize([2, 3, 1], ActivationKind.SiLU, seed: 4, new GaussianBase([0, 0], 1)));
        content.Metadata["base_mean"] = "0,0,0";
        string path = folder.File("model.safetensors");
        SafeTensorsFile.Write(path, content);
        Assert.That(() => ModelFiles.Load(path), Throws.InstanceOf<EbmFormatException>().With.Message.Contains("'base_mean' has 3 values; the model's input dimension is 2"));
        content.Metadata.Remove("base_mean");
        SafeTensorsFile.Write(path, content);
        Assert.That(() => ModelFiles.Load(path), Throws.InstanceOf<EbmFormatException>().With.Message.Contains("a base term needs both"));
    }

    [Test]
    public void TheBaseTermAddsHalfTheSquaredScaledDistance()
    {
        var withoutBase = MlpSpec.Initialize([2, 5, 1], ActivationKind.Tanh, seed: 2);
        var withBase = MlpSpec.Initialize([2, 5, 1], ActivationKind.Tanh, seed: 2, new GaussianBase([1, 2], 0.5));
        double[] point = [2, 0], plain = new double[2], based = new double[2];
        double difference = withBase.ReferenceEnergy(point, based) - withoutBase.ReferenceEnergy(point, plain);
        Assert.That(difference, Is.EqualTo((1 + 4) / (2 * 0.25)).Within(1e-12));           // |x − μ₀|² / (2σ₀²)
        Assert.That(based[0] - plain[0], Is.EqualTo(1 / 0.25).Within(1e-12));             // (x − μ₀)/σ₀²
        Assert.That(based[1] - plain[1], Is.EqualTo(-2 / 0.25).Within(1e-12));
    }

    [Test]
    public void WriteThenReadGivesTheSameParameters()
    {
        using var folder = new TemporaryFolder();
        var spec = MlpSpec.Initialize([4, 32, 7, 1], ActivationKind.Softplus, seed: 3);
        string path = folder.File("net.safetensors");
        MlpParameterFile.Write(path, spec);
        Assert.That(MlpParameterFile.Read(path, spec.Layers), Is.EqualTo(spec.Parameters));
    }

    [Test]
    public void WritesWhatPyTorchSavesForTheSameNetwork()
    {
        // The torch fixture's state dict, re-written by Ebm, holds the same tensors under the same names and shapes.
        var torch = SafeTensorsFile.Read(FixturePath.Of("torch/net.safetensors"));
        int[] layers = [2, 16, 16, 1];
        var spec = new MlpSpec(layers, ActivationKind.SiLU, MlpParameterFile.FromSafeTensors(torch, layers));
        var ours = MlpParameterFile.ToSafeTensors(spec);
        Assert.That(ours.Names, Is.EqualTo(torch.Names));
        foreach (string name in torch.Names)
        {
            Assert.That(ours[name].Shape, Is.EqualTo(torch[name].Shape), name);
            Assert.That(ours[name].DType, Is.EqualTo(torch[name].DType), name);
            Assert.That(ours[name].Data.ToArray(), Is.EqualTo(torch[name].Data.ToArray()), name);
        }
    }

    [Test]
    public void Float64TensorsAreNarrowed()
    {
        var content = new SafeTensors();
        content.Add("0.weight", SafeTensor.FromDouble([0.5, -0.25], 1, 2));
        content.Add("0.bias", SafeTensor.FromDouble([2], 1));
        Assert.That(MlpParameterFile.FromSafeTensors(content, [2, 1]), Is.EqualTo(new float[] { 0.5f, -0.25f, 2 }));
    }

    [Test]
    public void MissingExtraAndMistypedTensorsAreNamed()
    {
        var content = new SafeTensors();
        content.Add("0.weight", SafeTensor.FromSingle([1, 2], 1, 2));
        Assert.That(() => MlpParameterFile.FromSafeTensors(content, [2, 1]),
            Throws.InstanceOf<EbmFormatException>().With.Message.Contains("there is no tensor named '0.bias'"));
        content.Add("0.bias", SafeTensor.FromSingle([1], 1));
        content.Add("2.weight", SafeTensor.FromSingle([1], 1, 1));
        Assert.That(() => MlpParameterFile.FromSafeTensors(content, [2, 1]),
            Throws.InstanceOf<EbmFormatException>().With.Message.Contains("unexpected tensors 2.weight for an MLP 2-1"));
        var integers = new SafeTensors();
        integers.Add("0.weight", SafeTensor.FromInt32([1, 2], 1, 2));
        integers.Add("0.bias", SafeTensor.FromInt32([1], 1));
        Assert.That(() => MlpParameterFile.FromSafeTensors(integers, [2, 1]),
            Throws.InstanceOf<EbmFormatException>().With.Message.Contains("dtype I32; network parameters must be F32 or F64"));
    }

    [Test]
    public void ReadNamesTheFileInItsErrors()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("net.safetensors");
        MlpParameterFile.Write(path, MlpSpec.Initialize([2, 4, 1], ActivationKind.SiLU, seed: 1));
        Assert.That(() => MlpParameterFile.Read(path, [3, 4, 1]),
            Throws.InstanceOf<EbmFormatException>().With.Message.StartsWith(path).And.Message.Contains("2-4-1"));
    }
}
