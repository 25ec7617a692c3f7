using Ebm.Facade.Models;
using Ebm.Kernels.Energies;

namespace Ebm.Facade.Validation;

/// <summary>
/// The one set of checked energies: every continuous kind, awkward shapes (d = 1, odd widths, a network without hidden
/// layers, a base term), every activation, convolutions with odd and even kernels, strides, paddings and both poolings, and the benchmark networks. <see cref="CrossAcceleratorValidator"/>, the tests
/// and the benchmarks all use it.
/// </summary>
public static class ValidationEnergies
{
    /// <summary>K equal components with scale <paramref name="scale"/> on a circle of radius <paramref name="radius"/> in 2-D.</summary>
    /// <param name="components">K.</param>
    /// <param name="radius">The circle's radius.</param>
    /// <param name="scale">Every component's σ.</param>
    /// <returns>The mixture.</returns>
    public static GaussianMixtureSpec Ring(int components = 8, double radius = 2, double scale = 0.3) => new(
        [.. Enumerable.Repeat(1.0, components)],
        [.. Enumerable.Range(0, components).Select(k => (IReadOnlyList<double>)[radius * Math.Cos(2 * Math.PI * k / components), radius * Math.Sin(2 * Math.PI * k / components)])],
        [.. Enumerable.Range(0, components).Select(_ => (IReadOnlyList<double>)[scale, scale])]);

    /// <summary>K components of unequal weights and scales along a winding line through 3-D, μₖ₀ running from −3.6 to 3.6.</summary>
    /// <param name="components">K.</param>
    /// <returns>The mixture.</returns>
    public static GaussianMixtureSpec Spread(int components) => new(
        [.. Enumerable.Range(0, components).Select(k => 1.0 + k % 5)],
        [.. Enumerable.Range(0, components).Select(k => (IReadOnlyList<double>)[7.2 * k / (components - 1) - 3.6, Math.Sin(k), 0.5 * Math.Cos(k)])],
        [.. Enumerable.Range(0, components).Select(k => (IReadOnlyList<double>)[0.4 + 0.05 * (k % 4), 0.6 + 0.1 * (k % 3), 0.8])]);

    /// <summary>N(0, Σ) with the AR(1) covariance Σᵢⱼ = ρ^|i−j| (unit marginal variances).</summary>
    /// <param name="dimension">d.</param>
    /// <param name="rho">ρ in (−1, 1).</param>
    /// <returns>The Gaussian.</returns>
    public static GaussianSpec AutoRegressive(int dimension, double rho = 0.5)
    {
        var covariance = new double[dimension, dimension];
        for (int i = 0; i < dimension; i++)
            for (int j = 0; j < dimension; j++)
                covariance[i, j] = Math.Pow(rho, Math.Abs(i - j));
        return GaussianSpec.FromCovariance(new double[dimension], covariance);
    }

    /// <summary>A Gaussian with correlations ρ^|i−j|, unequal variances and a non-zero mean (no symmetry for a bug to hide behind).</summary>
    /// <param name="dimension">d.</param>
    /// <param name="rho">ρ in (−1, 1).</param>
    /// <param name="shift">Added to every mean coordinate (the means are 0.3 i − 0.5 + shift).</param>
    /// <returns>The Gaussian.</returns>
    public static GaussianSpec Correlated(int dimension, double rho = 0.6, double shift = 0)
    {
        var covariance = new double[dimension, dimension];
        for (int i = 0; i < dimension; i++)
            for (int j = 0; j < dimension; j++)
                covariance[i, j] = Math.Pow(rho, Math.Abs(i - j)) * (1 + 0.1 * i) * (1 + 0.1 * j);
        return GaussianSpec.FromCovariance([.. Enumerable.Range(0, dimension).Select(i => 0.3 * i - 0.5 + shift)], covariance);
    }

    /// <summary>The MLP 2-128-128-1 with SiLU and PyTorch's default initialisation (the W2 benchmark network).</summary>
    /// <param name="seed">The initialisation seed.</param>
    /// <returns>The network.</returns>
    public static MlpSpec BenchmarkMlp(ulong seed = 7) => MlpSpec.Initialize([2, 128, 128, 1], ActivationKind.SiLU, seed);

    /// <summary>The MLP of workload W4: 784-512-512-1 SiLU, PyTorch's default initialisation (the size of a 28 × 28 image EBM).</summary>
    /// <param name="seed">The initialisation seed.</param>
    /// <returns>The spec.</returns>
    public static MlpSpec ImageMlp(ulong seed = 7) => MlpSpec.Initialize([784, 512, 512, 1], ActivationKind.SiLU, seed);

    /// <summary>The convolutional energy of the image benchmarks: 1×28×28 through 16, 32 and 64 channels of 3 × 3 kernels with stride 2, SiLU, average pooling.</summary>
    /// <param name="seed">The initialisation seed.</param>
    /// <returns>The spec.</returns>
    public static ConvSpec ImageConv(ulong seed = 7) => ConvSpec.Initialize(ConvArchitecture.Parse(ImageConvArchitecture), seed);

    /// <summary>The architecture of <see cref="ImageConv"/>.</summary>
    public const string ImageConvArchitecture = "conv:1x28x28:16k3s2,32k3s2,64k3s2:silu:avg";

    /// <summary>A small convolutional energy: a two-channel 7 × 6 input, 3 × 3 kernels with stride 1 then 2, SiLU, average pooling.</summary>
    /// <returns>The spec.</returns>
    public static ConvSpec SmallConv() => ConvSpec.Initialize(ConvArchitecture.Parse("conv:2x7x6:3k3,4k3s2:silu:avg"), 8);

    /// <summary>The checked energies, named.</summary>
    /// <returns>(name, spec) pairs.</returns>
    public static IEnumerable<(string Name, EnergySpec Spec)> All()
    {
        yield return ("gaussian-ar1-100d", AutoRegressive(100));
        yield return ("gaussian-3d", Correlated(3));
        yield return ("gaussian-1d", GaussianSpec.FromPrecision([0.5], new double[,] { { 0.25 } }));
        yield return ("diagonal-4d", new DiagonalGaussianSpec([0, 1, -1, 2], [1, 0.5, 2, 0.1]));
        yield return ("mixture-ring", Ring());
        yield return ("mixture-unequal-3d", new GaussianMixtureSpec([0.2, 0.8], [[0, 0, 0], [1, 2, 3]], [[1, 1, 1], [0.5, 0.7, 0.9]]));
        // 19 components: three blocks of eight, the last padded; along the line, a later block's maximum rescales the sums.
        yield return ("mixture-19-3d", Spread(19));
        yield return ("banana-2d", new BananaSpec(2, 1, 10));
        yield return ("banana-4d", new BananaSpec(4, 0.5, 3));
        yield return ("funnel-5d", new FunnelSpec(5, 1.5));
        yield return ("trainable-gaussian-3d", new TrainableGaussianSpec(3, [0.5f, -1, 0.2f, 1.2f, 0.3f, 0.9f, -0.4f, 0.1f, 1.5f]));
        yield return ("mlp-2-128-128-1-silu", BenchmarkMlp());
        yield return ("mlp-1-7-1-softplus", MlpSpec.Initialize([1, 7, 1], ActivationKind.Softplus, 2));
        yield return ("mlp-3-5-9-1-tanh", MlpSpec.Initialize([3, 5, 9, 1], ActivationKind.Tanh, 3));
        yield return ("mlp-4-11-1-leaky", MlpSpec.Initialize([4, 11, 1], ActivationKind.LeakyRelu, 4));
        yield return ("mlp-2-13-6-1-elu", MlpSpec.Initialize([2, 13, 6, 1], ActivationKind.Elu, 5));
        yield return ("mlp-3-83-20-1-silu", MlpSpec.Initialize([3, 83, 20, 1], ActivationKind.SiLU, 10)); // 83 outputs: two blocks of 64 that overlap; 20: two of 16; 3 inputs: single sums
        yield return ("mlp-2-1-linear", new MlpSpec([2, 1], ActivationKind.SiLU, [0.5f, -2f, 0.25f], outputScale: 3));
        yield return ("conv-2x7x6-silu-avg", SmallConv());
        yield return ("conv-1x9x9-leaky-sum", ConvSpec.Initialize(ConvArchitecture.Parse("conv:1x9x9:5k4s2p1,6k3p0,2k1:leaky_relu:sum"), 9));
        // Both passes sum over channels in overlapping blocks: 81 channels in two of 64, 17 and 18 in two of 16 each.
        yield return ("conv-17x5x5-81-18-silu-avg", ConvSpec.Initialize(ConvArchitecture.Parse("conv:17x5x5:81k3s2p1,18k3p1:silu:avg"), 10));
        yield return ("mlp-2-9-1-silu-base", MlpSpec.Initialize([2, 9, 1], ActivationKind.SiLU, 6, new GaussianBase([0.5, -1], 1.5)));
    }
}
