using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Tests.Facade.IO;

namespace Ebm.Tests.Facade.Models;

/// <summary>
/// Exact RBM enumeration: the sum over visibles (hiddens analytic) against the sum over hiddens (visibles analytic),
/// both against a brute-force sum over the joint (v, h), the parameter gradient against finite differences, and the
/// safetensors layout.
/// </summary>
[TestFixture]
public sealed class RbmSpecTests
{
    [TestCase(6, 4, 1.0)]
    [TestCase(6, 4, 2.0)]
    [TestCase(3, 7, 0.6)]
    [TestCase(1, 1, 1.0)]
    [TestCase(10, 9, 1.0)]
    public void SumsOverVisiblesAndOverHiddensAgree(int visible, int hidden, double temperature)
    {
        var spec = RbmSpec.Random(visible, hidden, 0.5, seed: 7) with { Temperature = temperature };
        var overVisibles = spec.Enumerate(RbmLayer.Visible);
        var overHiddens = spec.Enumerate(RbmLayer.Hidden);
        Assert.Multiple(() =>
        {
            Assert.That(overVisibles.LogPartition, Is.EqualTo(overHiddens.LogPartition).Within(1e-10));
            for (int k = 0; k < visible; k++)
                Assert.That(overVisibles.VisibleMarginals[k], Is.EqualTo(overHiddens.VisibleMarginals[k]).Within(1e-10), $"P(v{k} = 1)");
        });
    }

    [TestCase(1.0)]
    [TestCase(1.7)]
    public void EnumerationMatchesABruteForceSumOverTheJoint(double temperature)
    {
        var spec = RbmSpec.Random(3, 2, 1.0, seed: 3) with { Temperature = temperature };
        var w = spec.Weight;
        double z = 0;
        var onWeight = new double[3];
        for (int v = 0; v < 8; v++)
        {
            for (int h = 0; h < 4; h++)
            {
                double energy = 0; // E(v, h) = −b·v − c·h − hᵀWv
                for (int k = 0; k < 3; k++)
                    energy -= spec.VisibleBias[k] * (v >> k & 1);
                for (int j = 0; j < 2; j++)
                {
                    energy -= spec.HiddenBias[j] * (h >> j & 1);
                    for (int k = 0; k < 3; k++)
                        energy -= w[j, k] * (h >> j & 1) * (v >> k & 1);
                }
                double p = Math.Exp(-energy / temperature);
                z += p;
                for (int k = 0; k < 3; k++)
                    onWeight[k] += p * (v >> k & 1);
            }
        }
        var exact = spec.ExactMoments();
        Assert.That(exact.LogPartition, Is.EqualTo(Math.Log(z)).Within(1e-12));
        Assert.That(exact.VisibleMarginals, Is.EqualTo(onWeight.Select(value => value / z)).Within(1e-12));
    }

    [Test]
    public void UnnormalizedLogProbabilityIsMinusTheTemperatureFreeEnergyOverT()
    {
        var spec = RbmSpec.Random(4, 3, 0.8, seed: 11) with { Temperature = 2.5 };
        double logZ = 0, max = double.NegativeInfinity;
        var logs = Enumerable.Range(0, 16).Select(code => spec.UnnormalizedLogProbability([.. Enumerable.Range(0, 4).Select(k => (double)(code >> k & 1))])).ToArray();
        max = logs.Max();
        logZ = max + Math.Log(logs.Sum(value => Math.Exp(value - max)));
        Assert.That(spec.ExactLogPartition(), Is.EqualTo(logZ).Within(1e-12));
    }

    [Test]
    public void ParameterGradientMatchesFiniteDifferences()
    {
        var spec = RbmSpec.Random(5, 3, 0.7, seed: 5);
        double[] v = [1, 0, 1, 1, 0];
        var gradient = new double[spec.ParameterCount];
        double energy = spec.ReferenceParameterGradient(v, gradient);
        Assert.That(energy, Is.EqualTo(spec.ReferenceEnergy(v)).Within(1e-12));
        float[] theta = spec.FlatParameters();
        const float step = 1e-2f; // F is smooth; central differences have O(step²) error
        for (int p = 0; p < theta.Length; p++)
        {
            double Energy(float delta)
            {
                float[] shifted = [.. theta];
                shifted[p] += delta;
                return FromFlat(shifted, 5, 3).ReferenceEnergy(v);
            }
            double numeric = (Energy(step) - Energy(-step)) / (2.0 * step);
            Assert.That(gradient[p], Is.EqualTo(numeric).Within(1e-4), $"∂F/∂θ{p}");
        }
    }

    [Test]
    public void SafeTensorsRoundTripThroughAFile()
    {
        var spec = RbmSpec.Random(6, 4, 0.5, seed: 1);
        using var folder = new TemporaryFolder();
        string path = folder.File("rbm.safetensors");
        SafeTensorsFile.Write(path, spec.ToSafeTensors());
        var read = RbmSpec.FromSafeTensors(SafeTensorsFile.Read(path));
        Assert.Multiple(() =>
        {
            Assert.That(read.Visible, Is.EqualTo(6));
            Assert.That(read.Hidden, Is.EqualTo(4));
            Assert.That(read.FlatParameters(), Is.EqualTo(spec.FlatParameters()));
        });
    }

    [Test]
    public void SafeTensorsInFloat64AreAccepted()
    {
        var tensors = new SafeTensors();
        tensors.Add("weight", SafeTensor.FromDouble([1, 2, 3, 4, 5, 6], 2, 3));
        tensors.Add("visible_bias", SafeTensor.FromDouble([0.5, 0, -0.5], 3));
        tensors.Add("hidden_bias", SafeTensor.FromDouble([1, -1], 2));
        var spec = RbmSpec.FromSafeTensors(tensors);
        Assert.That(spec.Weight[1, 0], Is.EqualTo(4f));
        Assert.That(spec.FlatParameters(), Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6, 0.5f, 0, -0.5f, 1, -1 }));
    }

    public static IEnumerable<TestCaseData> BadFiles()
    {
        yield return Case("missing weight", new() { ["visible_bias"] = ([0, 0], [2]), ["hidden_bias"] = ([0], [1]) }, "'weight'");
        yield return Case("weight of rank 1", new() { ["weight"] = ([1, 2], [2]), ["visible_bias"] = ([0, 0], [2]), ["hidden_bias"] = ([0], [1]) }, "[hidden, visible]");
        yield return Case("visible bias too short", new() { ["weight"] = ([1, 2, 3, 4, 5, 6], [2, 3]), ["visible_bias"] = ([0, 0], [2]), ["hidden_bias"] = ([0, 0], [2]) }, "'visible_bias'");
        yield return Case("hidden bias transposed", new() { ["weight"] = ([1, 2, 3, 4, 5, 6], [2, 3]), ["visible_bias"] = ([0, 0, 0], [3]), ["hidden_bias"] = ([0, 0], [1, 2]) }, "'hidden_bias'");
        yield return Case("missing hidden bias", new() { ["weight"] = ([1, 2], [1, 2]), ["visible_bias"] = ([0, 0], [2]) }, "'hidden_bias'");
    }

    [TestCaseSource(nameof(BadFiles))]
    public void MalformedSafeTensorsAreRejectedWithAFormatError(SafeTensors tensors, string mention) =>
        Assert.That(() => RbmSpec.FromSafeTensors(tensors), Throws.InstanceOf<EbmFormatException>().With.Message.Contains(mention));

    [Test]
    public void IntegerTensorsAreRejectedWithAFormatError()
    {
        var tensors = new SafeTensors();
        tensors.Add("weight", SafeTensor.FromInt32([1, 2], 1, 2));
        tensors.Add("visible_bias", SafeTensor.FromSingle([0, 0], 2));
        tensors.Add("hidden_bias", SafeTensor.FromSingle([0], 1));
        Assert.That(() => RbmSpec.FromSafeTensors(tensors), Throws.InstanceOf<EbmFormatException>().With.Message.Contains("dtype"));
    }

    [Test]
    public void InvalidPlainValuesAreRejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new RbmSpec(new float[0, 3], [0, 0, 0], []), Throws.ArgumentException.With.Message.Contains("at least one"));
            Assert.That(() => new RbmSpec(new float[2, 3], [0, 0], [0, 0]), Throws.ArgumentException.With.Message.Contains("visible_bias"));
            Assert.That(() => new RbmSpec(new float[2, 3], [0, 0, 0], [0]), Throws.ArgumentException.With.Message.Contains("hidden_bias"));
            Assert.That(() => new RbmSpec(new float[,] { { float.NaN } }, [0], [0]), Throws.ArgumentException.With.Message.Contains("weight[0]"));
            Assert.That(() => new RbmSpec(new float[1, 1], [float.PositiveInfinity], [0]), Throws.ArgumentException.With.Message.Contains("visible_bias[0]"));
            Assert.That(() => RbmSpec.Random(30, 30, 1, 0).ExactLogPartition(), Throws.InvalidOperationException.With.Message.Contains("2^30"));
            Assert.That(() => RbmSpec.Random(2, 2, -1, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void RandomIsReproducibleAndSeedDependent()
    {
        float[] first = RbmSpec.Random(6, 4, 0.5, 9).FlatParameters();
        float[] again = RbmSpec.Random(6, 4, 0.5, 9).FlatParameters();
        float[] other = RbmSpec.Random(6, 4, 0.5, 10).FlatParameters();
        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    private static RbmSpec FromFlat(float[] theta, int visible, int hidden)
    {
        var weight = new float[hidden, visible];
        Buffer.BlockCopy(theta, 0, weight, 0, hidden * visible * sizeof(float));
        return new RbmSpec(weight, theta[(hidden * visible)..(hidden * visible + visible)], theta[(hidden * visible + visible)..]);
    }

    private static TestCaseData Case(string name, Dictionary<string, (float[] Values, int[] Shape)> content, string mention)
    {
        var tensors = new SafeTensors();
        foreach (var (key, (values, shape)) in content)
            tensors.Add(key, SafeTensor.FromSingle(values, shape));
        return new TestCaseData(tensors, mention).SetArgDisplayNames(name);
    }
}
