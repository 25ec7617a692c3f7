using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Tests.Support;
using CommunityToolkit.HighPerformance;

namespace Ebm.Tests.Facade.Models;

/// <summary>
/// Device energies and gradients against the float64 host reference, on every accelerator.
/// Tolerance: float32 accumulation over at most a few hundred terms keeps the relative error near
/// √terms · 2⁻²⁴ ≈ 1e-6; we allow 2e-4 · (1 + |value|), which also absorbs 1–2 ulp differences of exp/tanh
/// between backends and the cancellation in the funnel's v-gradient.
/// </summary>
public sealed class EnergyModelTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private const double Tolerance = 2e-4;

    public static IEnumerable<TestCaseData> Specs() =>
        ValidationEnergies.All().Select(entry => new TestCaseData(entry.Spec).SetArgDisplayNames(entry.Name));

    public static IEnumerable<TestCaseData> TrainableSpecs() =>
        ValidationEnergies.All().Where(entry => entry.Spec is ITrainableSpec).Select(entry => new TestCaseData(entry.Spec).SetArgDisplayNames(entry.Name));

    [TestCaseSource(nameof(Specs))]
    public void EnergiesAndGradientsMatchTheFloat64Reference(EnergySpec spec)
    {
        const int count = 37; // not a multiple of any group size
        AssertMatchesTheFloat64Reference(spec, TestPoints.Points(count, spec.Dimension, seed: 11));
    }

    [TestCaseSource(nameof(TrainableSpecs))]
    public void ParameterGradientsMatchTheFloat64Reference(EnergySpec spec)
    {
        var trainableSpec = (ITrainableSpec)spec;
        const int count = 19;
        var points = TestPoints.Points(count, spec.Dimension, seed: 12);
        using var device = spec.CreateDevice(Session);
        var trainable = (ITrainableDeviceEnergy)device;
        using var devicePoints = Upload(points);
        using var energies = new DeviceVector<float>(Session, count);
        using var perSample = new DeviceMatrix<float>(Session, count, trainable.ParameterCount);
        trainable.EvaluateParameterGradients(devicePoints, energies, perSample);
        var actual = perSample.ToArray();
        for (int n = 0; n < count; n++)
        {
            double[] expected = ReferenceParameterGradient(trainableSpec, TestPoints.Row(points, n));
            double scale = 1 + expected.Max(Math.Abs);
            for (int p = 0; p < expected.Length; p++)
                Assert.That(actual[n, p], Is.EqualTo(expected[p]).Within(Tolerance * scale), $"∂E/∂θ{p} at point {n}");
        }
    }

    [TestCaseSource(nameof(TrainableSpecs))]
    public void BatchParameterGradientsAreTheWeightedSumsOfTheFloat64Reference(EnergySpec spec)
    {
        var trainableSpec = (ITrainableSpec)spec;
        const int count = 23;
        var points = TestPoints.Points(count, spec.Dimension, seed: 13);
        float[] weights = [.. Enumerable.Range(0, count).Select(n => (float)Math.Sin(1.7 * n + 0.3))];
        using var device = spec.CreateDevice(Session);
        var trainable = (ITrainableDeviceEnergy)device;
        using var devicePoints = Upload(points);
        using var energies = new DeviceVector<float>(Session, count);
        using var deviceWeights = new DeviceVector<float>(Session, count);
        using var gradient = new DeviceVector<float>(Session, trainable.ParameterCount);
        deviceWeights.CopyFrom(weights);
        using var batch = trainable.CreateBatchGradient(count);
        batch.Evaluate(devicePoints, energies);
        batch.Reduce(deviceWeights, gradient);
        float[] actual = gradient.ToArray(), actualEnergies = energies.ToArray();
        var expected = new double[trainable.ParameterCount];
        double scale = 0;
        for (int n = 0; n < count; n++)
        {
            var x = TestPoints.Row(points, n);
            double energy = spec.ReferenceEnergy(x, new double[x.Length]);
            Assert.That(actualEnergies[n], Is.EqualTo(energy).Within(Tolerance * (1 + Math.Abs(energy))), $"E(point {n})");
            double[] row = ReferenceParameterGradient(trainableSpec, x);
            scale += Math.Abs(weights[n]) * (1 + row.Max(Math.Abs));
            for (int p = 0; p < row.Length; p++)
                expected[p] += weights[n] * row[p];
        }
        for (int p = 0; p < expected.Length; p++)
            Assert.That(actual[p], Is.EqualTo(expected[p]).Within(Tolerance * scale), $"Σ w ∂E/∂θ{p}");
    }

    private DeviceMatrix<float> Upload(float[,] points)
    {
        var matrix = new DeviceMatrix<float>(Session, points.GetLength(0), points.GetLength(1));
        matrix.CopyFrom(new ReadOnlySpan2D<float>(points));
        return matrix;
    }

    // Networks have an analytic float64 backward pass; other trainable energies use central differences of the float64 energy.
    private static double[] ReferenceParameterGradient(ITrainableSpec spec, double[] x)
    {
        var gradient = new double[spec.Parameters.Count];
        if (spec is NetworkSpec network)
        {
            network.ReferenceEnergyAndParameterGradient(x, new double[x.Length], gradient);
            return gradient;
        }
        for (int p = 0; p < gradient.Length; p++)
        {
            const float h = 1e-2f; // E is quadratic in each parameter: central differences are exact up to rounding
            double Energy(float delta)
            {
                var parameters = spec.Parameters.ToArray();
                parameters[p] += delta;
                return spec.WithParameters(parameters).ReferenceEnergy(x, new double[x.Length]);
            }
            gradient[p] = (Energy(h) - Energy(-h)) / (2 * h);
        }
        return gradient;
    }

    [Test]
    public void MixturesFarFromEveryComponentKeepAFiniteEnergyAndTheirGradient()
    {
        // Every component's density underflows float32 here (log densities near −10⁴ to −10⁵): only the running maximum,
        // carried from block to block, keeps E finite and ∇E pointing back to the nearest component.
        AssertMatchesTheFloat64Reference(ValidationEnergies.Spread(19), new float[,] { { 60, 0, 0 }, { -45, 20, -5 }, { 3, -80, 40 }, { 0, 0, 150 } });
    }

    // E and ∇E of the device energy, and E of its energy-only pass, against the spec's float64 reference at every point.
    private void AssertMatchesTheFloat64Reference(EnergySpec spec, float[,] points)
    {
        using var model = EnergyModel.Create(spec, Session);
        var (energies, gradients) = model.EnergyAndGradient(points);
        float[] energiesOnly = model.Energy(points);
        var expectedGradient = new double[spec.Dimension];
        for (int n = 0; n < points.GetLength(0); n++)
        {
            double expected = spec.ReferenceEnergy(TestPoints.Row(points, n), expectedGradient);
            Assert.That(energies[n], Is.EqualTo(expected).Within(Tolerance * (1 + Math.Abs(expected))), $"E(point {n})");
            Assert.That(energiesOnly[n], Is.EqualTo(energies[n]).Within(Tolerance * (1 + Math.Abs(expected))), $"energy-only pass, point {n}");
            double scale = 1 + expectedGradient.Max(Math.Abs);
            for (int j = 0; j < spec.Dimension; j++)
                Assert.That(gradients[n, j], Is.EqualTo(expectedGradient[j]).Within(Tolerance * scale), $"∂E/∂x{j} at point {n}");
        }
    }

    [Test]
    public void LogRatioIsTheEnergyDifferenceOverTemperature()
    {
        var spec = new DiagonalGaussianSpec([0, 0], [1, 1]) { Temperature = 2 };
        using var model = EnergyModel.Create(spec, Session);
        double[] ratio = model.LogRatio(new float[,] { { 0, 0 } }, new float[,] { { 2, 0 } });
        Assert.That(ratio[0], Is.EqualTo((2.0 - 0.0) / 2).Within(1e-6)); // E(x2) = 2, E(x1) = 0, T = 2
    }

    [Test]
    public void BadBatchesAreRejectedWithAMessageNamingTheProblem()
    {
        using var model = EnergyModel.Create(new DiagonalGaussianSpec([0, 0], [1, 1]), Session);
        Assert.Multiple(() =>
        {
            Assert.That(() => model.Energy(new float[0, 2]), Throws.ArgumentException.With.Message.Contains("empty"));
            Assert.That(() => model.Energy(new float[3, 3]), Throws.ArgumentException.With.Message.Contains("dimension 2"));
            Assert.That(() => model.Energy(new float[,] { { 0, 0 }, { 1, float.NaN } }), Throws.ArgumentException.With.Message.Contains("[1, 1]").And.Message.Contains("NaN"));
            Assert.That(() => model.EnergyAndGradient(new float[,] { { float.PositiveInfinity, 0 } }), Throws.ArgumentException.With.Message.Contains("finite"));
        });
    }
}
