using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Kernels.Energies;

namespace Ebm.Tests.Support;

/// <summary>A zoo of energies covering every kind and awkward shape (d = 1, odd widths, every activation).</summary>
public static class TestEnergies
{
    public static GaussianMixtureSpec Ring(int components = 8, double radius = 2, double scale = 0.3) =>
        ValidationEnergies.Ring(components, radius, scale);

    public static GaussianSpec Correlated(int d, double rho = 0.6, double seedShift = 0)
    {
        var covariance = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                covariance[i, j] = Math.Pow(rho, Math.Abs(i - j)) * (1 + 0.1 * i) * (1 + 0.1 * j);
        return GaussianSpec.FromCovariance([.. Enumerable.Range(0, d).Select(i => 0.3 * i - 0.5 + seedShift)], covariance);
    }

    public static IEnumerable<(string Name, EnergySpec Spec)> All()
    {
        yield return ("gaussian-3d", Correlated(3));
        yield return ("gaussian-1d", GaussianSpec.FromPrecision([0.5], new double[,] { { 0.25 } }));
        yield return ("diagonal-4d", new DiagonalGaussianSpec([0, 1, -1, 2], [1, 0.5, 2, 0.1]));
        yield return ("mixture-ring", Ring());
        yield return ("mixture-unequal-3d", new GaussianMixtureSpec([0.2, 0.8], [[0, 0, 0], [1, 2, 3]], [[1, 1, 1], [0.5, 0.7, 0.9]]));
        yield return ("banana-2d", new BananaSpec(2, 1, 10));
        yield return ("banana-4d", new BananaSpec(4, 0.5, 3));
        yield return ("funnel-5d", new FunnelSpec(5, 1.5));
        yield return ("trainable-gaussian-3d", new TrainableGaussianSpec(3, [0.5f, -1, 0.2f, 1.2f, 0.3f, 0.9f, -0.4f, 0.1f, 1.5f]));
        yield return ("mlp-2-16-16-1-silu", MlpSpec.Initialize([2, 16, 16, 1], ActivationKind.SiLU, 1));
        yield return ("mlp-1-7-1-softplus", MlpSpec.Initialize([1, 7, 1], ActivationKind.Softplus, 2));
        yield return ("mlp-3-5-9-1-tanh", MlpSpec.Initialize([3, 5, 9, 1], ActivationKind.Tanh, 3));
        yield return ("mlp-4-11-1-leaky", MlpSpec.Initialize([4, 11, 1], ActivationKind.LeakyRelu, 4));
        yield return ("mlp-2-13-6-1-elu", MlpSpec.Initialize([2, 13, 6, 1], ActivationKind.Elu, 5) with { });
        yield return ("mlp-2-1-linear", new MlpSpec([2, 1], ActivationKind.SiLU, [0.5f, -2f, 0.25f], outputScale: 3));
        yield return ("mlp-2-9-1-silu-base", MlpSpec.Initialize([2, 9, 1], ActivationKind.SiLU, 6, new GaussianBase([0.5, -1], 1.5)));
    }

    /// <summary>Seeded points where every energy of the zoo is moderate (funnel's v kept in [−2, 2]).</summary>
    public static float[,] Points(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var points = new float[count, dimension];
        for (int n = 0; n < count; n++)
            for (int j = 0; j < dimension; j++)
                points[n, j] = (float)(4 * random.NextDouble() - 2);
        return points;
    }

    public static double[] Row(float[,] points, int n) =>
        [.. Enumerable.Range(0, points.GetLength(1)).Select(j => (double)points[n, j])];
}
