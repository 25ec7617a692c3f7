using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Kernels.Energies;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Models;

/// <summary>Host-side oracles: the float64 reference gradients against central finite differences, and spec validation.</summary>
[TestFixture]
public sealed class EnergySpecTests
{
    public static IEnumerable<TestCaseData> Specs() =>
        ValidationEnergies.All().Select(entry => new TestCaseData(entry.Spec).SetArgDisplayNames(entry.Name));

    [TestCaseSource(nameof(Specs))]
    public void ReferenceGradientMatchesCentralDifferences(EnergySpec spec)
    {
        const double h = 1e-5;
        var points = TestPoints.Points(5, spec.Dimension, seed: 3);
        var gradient = new double[spec.Dimension];
        var scratch = new double[spec.Dimension];
        for (int n = 0; n < 5; n++)
        {
            double[] x = TestPoints.Row(points, n);
            spec.ReferenceEnergy(x, gradient);
            for (int j = 0; j < spec.Dimension; j++)
            {
                double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
                plus[j] += h;
                minus[j] -= h;
                double numeric = (spec.ReferenceEnergy(plus, scratch) - spec.ReferenceEnergy(minus, scratch)) / (2 * h);
                Assert.That(gradient[j], Is.EqualTo(numeric).Within(1e-5 * (1 + Math.Abs(numeric))), $"∂E/∂x{j} at point {n}");
            }
        }
    }

    [TestCase(ActivationKind.SiLU)]
    [TestCase(ActivationKind.Softplus)]
    [TestCase(ActivationKind.Tanh)]
    [TestCase(ActivationKind.LeakyRelu)]
    [TestCase(ActivationKind.Elu)]
    public void MlpParameterGradientMatchesCentralDifferences(ActivationKind activation)
    {
        const double h = 1e-3; // float parameters: a larger step keeps the rounding error below the truncation error
        var spec = MlpSpec.Initialize([3, 6, 5, 1], activation, seed: 9);
        double[] x = [0.3, -1.2, 0.7];
        var analytic = new double[spec.Parameters.Count];
        spec.ReferenceEnergyAndParameterGradient(x, new double[3], analytic);
        var random = new Random(4);
        for (int trial = 0; trial < 25; trial++)
        {
            int p = random.Next(spec.Parameters.Count);
            double Energy(float delta)
            {
                var parameters = spec.Parameters.ToArray();
                parameters[p] += delta;
                return new MlpSpec(spec.Layers, activation, parameters).ReferenceEnergy(x, new double[3]);
            }
            float step = (float)h;
            double numeric = (Energy(step) - Energy(-step)) / (2 * step);
            Assert.That(analytic[p], Is.EqualTo(numeric).Within(2e-3 * (1 + Math.Abs(numeric))), $"∂E/∂θ{p}");
        }
    }

    [Test]
    public void CholeskyRejectsMatricesThatAreNotPositiveDefinite()
    {
        Assert.That(() => GaussianSpec.FromCovariance([0, 0], new double[,] { { 1, 2 }, { 2, 1 } }),
            Throws.ArgumentException.With.Message.Contains("not positive definite"));
        Assert.That(() => GaussianSpec.FromCovariance([0, 0], new double[,] { { 1, 0.5 }, { 0.2, 1 } }),
            Throws.ArgumentException.With.Message.Contains("not symmetric"));
        Assert.That(() => GaussianSpec.FromCovariance([0, 0, 0], new double[,] { { 1, 0 }, { 0, 1 } }),
            Throws.ArgumentException.With.Message.Contains("[3, 3]"));
    }

    [Test]
    public void CovarianceAndPrecisionDescribeTheSameGaussian()
    {
        var fromCovariance = ValidationEnergies.Correlated(4);
        var fromPrecision = GaussianSpec.FromPrecision(fromCovariance.Mean, fromCovariance.Precision);
        Assert.That(fromPrecision.LogPartition, Is.EqualTo(fromCovariance.LogPartition).Within(1e-10));
        Assert.That(fromPrecision.Covariance[1, 2], Is.EqualTo(fromCovariance.Covariance[1, 2]).Within(1e-10));
    }

    [Test]
    public void InvalidFieldsAreNamed()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new DiagonalGaussianSpec([0, double.NaN], [1, 1]), Throws.ArgumentException.With.Message.Contains("mean[1]"));
            Assert.That(() => new DiagonalGaussianSpec([0, 0], [1, -1]), Throws.ArgumentException.With.Message.Contains("scales[1]"));
            Assert.That(() => new GaussianMixtureSpec([1, 1], [[0, 0], [1]], [[1, 1], [1, 1]]), Throws.ArgumentException.With.Message.Contains("means[1]"));
            Assert.That(() => new BananaSpec(3, 1, 100), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new FunnelSpec(1, 3), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new MlpSpec([2, 4, 2], ActivationKind.SiLU, new float[22]), Throws.ArgumentException.With.Message.Contains("ending in 1"));
            Assert.That(() => new MlpSpec([2, 4, 1], ActivationKind.SiLU, new float[3]), Throws.ArgumentException.With.Message.Contains("parameters"));
        });
    }
}
