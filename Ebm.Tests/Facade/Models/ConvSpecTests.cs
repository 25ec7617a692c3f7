using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Kernels.Energies;
using Ebm.Tests.Facade.IO;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Models;

/// <summary>The convolutional energy on the host: its text form, shapes, initialisation, file layout, JSON spec and float64 ∇θE.</summary>
[TestFixture]
public sealed class ConvSpecTests
{
    [Test]
    public void TheTextFormHasDefaultsAndACanonicalForm()
    {
        var architecture = ConvArchitecture.Parse("conv:1x28x28:16k3s2,32k5s2p1,8k1");
        Assert.That(architecture.ToString(), Is.EqualTo("conv:1x28x28:16k3s2p1,32k5s2p1,8k1s1p0:silu:avg"));
        Assert.That(ConvArchitecture.Parse(architecture.ToString()), Is.EqualTo(architecture));
        Assert.That(architecture.Shapes.Select(shape => (shape.OutChannels, shape.OutHeight, shape.OutWidth)),
            Is.EqualTo(new[] { (16, 14, 14), (32, 6, 6), (8, 6, 6) }), "(28 + 2 − 3)/2 + 1 = 14, (14 + 2 − 5)/2 + 1 = 6");
        Assert.That(architecture.Dimension, Is.EqualTo(784));
        Assert.That(architecture.ParameterCount, Is.EqualTo(16 * 9 + 16 + 32 * 16 * 25 + 32 + 8 * 32 + 8 + 8 + 1));
        var other = ConvArchitecture.Parse("conv:3x8x5:4k3:leaky_relu:sum");
        Assert.That((other.Activation, other.Pooling, other.Channels, other.Height, other.Width), Is.EqualTo((ActivationKind.LeakyRelu, PoolingKind.Sum, 3, 8, 5)));
        Assert.That(NetworkArchitecture.Parse("conv:1x4x4:2k3"), Is.TypeOf<ConvArchitecture>());
        Assert.That(NetworkArchitecture.Parse("mlp:2-8-1"), Is.EqualTo(new MlpArchitecture([2, 8, 1])));
    }

    [TestCase("conv:1x28:16k3", "CxHxW")]
    [TestCase("conv:1x28x28:16k3x", "'16k3x'")]
    [TestCase("conv:1x28x28:", "''")]
    [TestCase("conv:1x28x28:16k3:relu6", "unknown activation 'relu6'")]
    [TestCase("conv:1x28x28:16k3:silu:max", "unknown pooling 'max'")]
    [TestCase("conv:1x2x2:4k5p0", "does not fit")]
    [TestCase("conv:0x28x28:4k3", "positive sizes")]
    [TestCase("conv:1x28x28:0k3", "channels, kernel and stride ≥ 1")]
    [TestCase("conv:1x28x28:4k3s0", "channels, kernel and stride ≥ 1")]
    [TestCase("conv:1x28x28:99999999999k3", "too large")]
    [TestCase("cnn:1x28x28:4k3", "mlp:2-128-128-1")]
    [TestCase("conv:1x2x2:65536k1s2p0,65536k1", "more than 2,147,483,591 parameters")]
    [TestCase("conv:1x4097x4096:2k1", "at most 16,777,216 values")]
    public void MalformedArchitecturesNameTheProblem(string text, string message) =>
        Assert.That(() => NetworkArchitecture.Parse(text), Throws.ArgumentException.With.Message.Contains(message));

    [Test]
    public void InitialisationIsPyTorchsUniformBoundPerLayer()
    {
        var spec = ValidationEnergies.ImageConv(seed: 3);
        int offset = 0;
        foreach (var shape in spec.Architecture.Shapes)
        {
            double bound = 1 / Math.Sqrt(shape.FanIn);
            var values = spec.Parameters.Skip(offset).Take(shape.ParameterCount).ToArray();
            Assert.That(values.Max(value => Math.Abs(value)), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.95 * bound), $"|θ| ≤ 1/√{shape.FanIn}");
            double variance = values.Average(value => value * (double)value);
            // U(−b, b) has variance b²/3; the standard error of the mean square of n draws is b²·√(4/45)/√n.
            Assert.That(variance, Is.EqualTo(bound * bound / 3).Within(5 * bound * bound * Math.Sqrt(4.0 / 45 / values.Length)));
            offset += shape.ParameterCount;
        }
        Assert.That(spec.Parameters.Skip(offset).Max(value => Math.Abs(value)), Is.LessThanOrEqualTo(1 / Math.Sqrt(64)), "the head's fan-in is C_L");
        Assert.That(ConvSpec.Initialize(spec.Architecture, 3).Parameters, Is.EqualTo(spec.Parameters), "seeded");
    }

    [Test]
    public void TensorsFollowTheSequentialNamesAndTheFlatLayout()
    {
        // conv:1x3x3:2k2p0 → 0.weight [2, 1, 2, 2] = θ0..7, 0.bias = θ8..9, then pooling at 2, Flatten at 3, 4.weight [1, 2] = θ10..11, 4.bias = θ12.
        var architecture = ConvArchitecture.Parse("conv:1x3x3:2k2p0");
        var spec = new ConvSpec(architecture, [.. Enumerable.Range(0, 13).Select(i => (float)i)]);
        var content = spec.ToSafeTensors();
        Assert.That(content.Names.Order(), Is.EqualTo(new[] { "0.bias", "0.weight", "4.bias", "4.weight" }));
        Assert.That(content["0.weight"].Shape, Is.EqualTo(new[] { 2, 1, 2, 2 }));
        Assert.That(content["0.weight"].ToSingle(), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }));
        Assert.That(content["0.bias"].ToSingle(), Is.EqualTo(new float[] { 8, 9 }));
        Assert.That(content["4.weight"].Shape, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(content["4.bias"].ToSingle(), Is.EqualTo(new float[] { 12 }));
        Assert.That(content.Metadata["format"], Is.EqualTo("ebm-conv"));
        Assert.That(content.Metadata["architecture"], Is.EqualTo("conv:1x3x3:2k2s1p0:silu:avg"));
    }

    [Test]
    public void ASavedModelLoadsBackWithItsArchitecture()
    {
        using var folder = new TemporaryFolder();
        var spec = ValidationEnergies.SmallConv();
        string path = folder.File("conv.safetensors");
        SafeTensorsFile.Write(path, spec.ToSafeTensors());
        var loaded = (ConvSpec)ModelFiles.Load(path);
        Assert.That(loaded.Architecture, Is.EqualTo(spec.Architecture));
        Assert.That(loaded.Parameters, Is.EqualTo(spec.Parameters));
    }

    [Test]
    public void AFileOfAnotherArchitectureIsRefused()
    {
        var content = ValidationEnergies.SmallConv().ToSafeTensors();
        var other = ConvArchitecture.Parse("conv:2x7x6:3k3,4k3s1:silu:avg");
        Assert.That(() => ConvParameterFile.FromSafeTensors(content, other),
            Throws.InstanceOf<EbmFormatException>().With.Message.Contains("conv:2x7x6:3k3s1p1,4k3s2p1:silu:avg").And.Message.Contains("asks for"));
        content.Metadata.Remove("architecture");
        Assert.That(() => ConvParameterFile.FromSafeTensors(content, ConvArchitecture.Parse("conv:2x7x6:3k3,5k3s2")),
            Throws.InstanceOf<EbmFormatException>().With.Message.Contains("2.weight"), "a tensor of the wrong shape is named");
    }

    [Test]
    public void JsonSpecsCheckTheirFields()
    {
        using var folder = new TemporaryFolder();
        SafeTensorsFile.Write(folder.File("c.safetensors"), ValidationEnergies.SmallConv().ToSafeTensors());
        var spec = (ConvSpec)ModelSpecReader.Parse("""{"energy": "conv", "input": [2, 7, 6], "channels": [3, 4], "kernels": [3, 3], "strides": [1, 2], "parameters": "c.safetensors"}""", folder.Path);
        Assert.That(spec.Architecture, Is.EqualTo(ValidationEnergies.SmallConv().Architecture));
        Assert.That(() => ModelSpecReader.Parse("""{"energy": "conv", "input": [7, 6], "channels": [3], "kernels": [3], "parameters": "c.safetensors"}""", folder.Path),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("[C, H, W]"));
        Assert.That(() => ModelSpecReader.Parse("""{"energy": "conv", "input": [2, 7, 6], "channels": [3, 4], "kernels": [3], "parameters": "c.safetensors"}""", folder.Path),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("'kernels' 1"));
        Assert.That(() => ModelSpecReader.Parse("""{"energy": "conv", "input": [2, 7, 6], "channels": [3, 4], "kernels": [3, 3], "parameters": "c.safetensors"}""", folder.Path),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("c.safetensors"), "stride 1 everywhere is another architecture than the file's");
        Assert.That(() => ModelSpecReader.Parse("""{"energy": "conv", "input": [2, 7, 6], "channels": [3], "kernels": [3], "pooling": "max", "parameters": "c.safetensors"}""", folder.Path),
            Throws.InstanceOf<InvalidModelSpecException>().With.Message.Contains("unknown pooling"));
    }

    [TestCase("conv:2x5x4:3k3,2k3s2:silu:avg")]
    [TestCase("conv:1x6x6:3k4s2p1,2k1:elu:sum")]
    public void ParameterGradientMatchesCentralDifferences(string architecture)
    {
        var spec = ConvSpec.Initialize(ConvArchitecture.Parse(architecture), seed: 5);
        double[] x = TestPoints.Row(TestPoints.Points(1, spec.Dimension, seed: 6), 0);
        var analytic = new double[spec.Parameters.Count];
        spec.ReferenceEnergyAndParameterGradient(x, new double[x.Length], analytic);
        for (int p = 0; p < analytic.Length; p++)
        {
            const float h = 1e-3f; // float parameters: a larger step keeps the rounding error below the truncation error
            double Energy(float delta)
            {
                var parameters = spec.Parameters.ToArray();
                parameters[p] += delta;
                return spec.WithParameters(parameters).ReferenceEnergy(x, new double[x.Length]);
            }
            double numeric = (Energy(h) - Energy(-h)) / (2 * h);
            Assert.That(analytic[p], Is.EqualTo(numeric).Within(2e-3 * (1 + Math.Abs(numeric))), $"∂E/∂θ{p}");
        }
    }
}
