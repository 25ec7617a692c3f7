using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Facade.Sampling;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Sampling;

/// <summary>
/// Every continuous sampler against exact answers, with bounds of 5 Monte Carlo standard errors (ESS-based):
/// Gaussian moments (2-D and 50-D, correlated), mode occupancy of an unequal mixture, and the banana's moments.
/// ULA is biased at finite ε, so it is checked against its exact stationary law for a Gaussian target:
/// each eigen-direction with precision λ has variance 2/(λ(2 − ελ)) instead of 1/λ.
/// </summary>
public sealed class ChainSamplerTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    public static IEnumerable<SamplerKind> ExactSamplers => [SamplerKind.Mala, SamplerKind.Hmc, SamplerKind.Nuts, SamplerKind.Chees, SamplerKind.Rwmh];

    private SampleResult Sample(EnergySpec spec, SamplerOptions options)
    {
        using var model = EnergyModel.Create(spec, Session);
        using var sampler = new ChainSampler(model, options);
        sampler.Initialize();
        return sampler.Run();
    }

    // R̂ < 1.01 needs an effective sample size of well over 50 per chain, so the tests use few, long chains.
    private static SamplerOptions OptionsFor(SamplerKind sampler, int chains = 64, int steps = 2000, int warmup = 500) => new()
    {
        Kind = sampler,
        Chains = chains,
        Warmup = warmup,
        Steps = sampler is SamplerKind.Hmc or SamplerKind.Nuts or SamplerKind.Chees ? steps / 2 : steps,
        Thin = sampler is SamplerKind.Hmc or SamplerKind.Nuts or SamplerKind.Chees ? 1 : 2,
        Leapfrog = 8,
        StepSize = sampler == SamplerKind.Rwmh ? 0.5f : 0.1f,
        Seed = 2024,
    };

    [TestCaseSource(nameof(ExactSamplers))]
    public void CorrelatedGaussian2DMomentsAndRHat(SamplerKind sampler)
    {
        var spec = ValidationEnergies.Correlated(2, rho: 0.8);
        var result = Sample(spec, OptionsFor(sampler));
        AssertGaussianMoments(result, spec.Mean, spec.Covariance, sampler.ToString());
    }

    [TestCase(SamplerKind.Hmc)]
    [TestCase(SamplerKind.Nuts)]
    [TestCase(SamplerKind.Chees)]
    [TestCase(SamplerKind.Mala)]
    public void CorrelatedGaussian50DMomentsAndRHat(SamplerKind sampler)
    {
        var spec = ValidationEnergies.Correlated(50, rho: 0.5);
        var options = sampler == SamplerKind.Mala
            ? OptionsFor(sampler, chains: 16, steps: 12000, warmup: 1000) with { Thin = 8 }
            : OptionsFor(sampler, chains: 32, steps: 1200, warmup: 500);
        var result = Sample(spec, options);
        AssertGaussianMoments(result, spec.Mean, spec.Covariance, sampler.ToString(), coordinates: [0, 1, 24, 49]);
    }

    [Test]
    public void UlaMatchesItsExactDiscretisedStationaryLaw()
    {
        const float epsilon = 0.05f;
        var spec = ValidationEnergies.Correlated(2, rho: 0.8);
        var result = Sample(spec, OptionsFor(SamplerKind.Ula, steps: 6000) with { StepSize = epsilon, Thin = 6 });
        AssertGaussianMoments(result, spec.Mean, UlaStationaryCovariance(spec.Precision, epsilon), "ULA");
    }

    [TestCaseSource(nameof(ExactSamplers))]
    public void UnequalMixtureModesAreOccupiedInProportion(SamplerKind sampler)
    {
        // 0.3 N(−1, 1) + 0.7 N(1.5, 0.8²): P(x > 0) = 0.3 Φ(−1) + 0.7 Φ(1.5/0.8).
        var spec = new GaussianMixtureSpec([0.3, 0.7], [[-1], [1.5]], [[1], [0.8]]);
        double truth = 0.3 * NormalCdf(-1) + 0.7 * NormalCdf(1.5 / 0.8);
        var result = Sample(spec, OptionsFor(sampler));
        StatisticalBounds.MeanMatches(StatisticalBounds.Map(result, (n, c) => result.At(n, c, 0) > 0 ? 1 : 0), truth, "P(x > 0)");
    }

    [TestCaseSource(nameof(ExactSamplers))]
    public void BananaMomentsMatchTheirClosedForms(SamplerKind sampler)
    {
        var spec = new BananaSpec(2, 1, 4);
        var result = Sample(spec, OptionsFor(sampler, steps: sampler switch { SamplerKind.Hmc or SamplerKind.Nuts or SamplerKind.Chees => 4000, SamplerKind.Rwmh => 24000, _ => 48000 }) with { StepSize = 0.05f, Thin = 16 });
        Assert.That(result.PerDimension.Max(d => d.RHat), Is.LessThan(1.01));
        StatisticalBounds.MeanMatches(StatisticalBounds.Map(result, (n, c) => result.At(n, c, 0)), 1, "E[u]");
        StatisticalBounds.MeanMatches(StatisticalBounds.Map(result, (n, c) => result.At(n, c, 1)), 1.5, "E[v] = a² + ½");
        StatisticalBounds.MeanMatches(StatisticalBounds.Map(result, (n, c) => Math.Pow(result.At(n, c, 0) - 1, 2)), 0.5, "Var[u]");
    }

    [Test]
    public void SameSeedGivesIdenticalDraws()
    {
        var spec = ValidationEnergies.Correlated(2);
        var first = Sample(spec, OptionsFor(SamplerKind.Hmc, chains: 64, steps: 100, warmup: 50));
        var second = Sample(spec, OptionsFor(SamplerKind.Hmc, chains: 64, steps: 100, warmup: 50));
        Assert.That(second.Draws, Is.EqualTo(first.Draws));
    }

    [Test]
    public void SuperchainsStartTogetherAndNestedRHatSeesWhetherTheyHaveMixed()
    {
        var spec = ValidationEnergies.Correlated(2, rho: 0.8);
        using var model = EnergyModel.Create(spec, Session);
        var options = OptionsFor(SamplerKind.Nuts, chains: 256, steps: 20, warmup: 0) with { Superchains = 16 };
        using var sampler = new ChainSampler(model, options);
        sampler.Initialize(scale: 5);
        var starts = sampler.Pool.ReadPositions();
        Assert.Multiple(() =>
        {
            Assert.That(starts[17, 0], Is.EqualTo(starts[16, 0]).And.EqualTo(starts[31, 0]), "chains 16 … 31 form superchain 1");
            Assert.That(starts[15, 0], Is.Not.EqualTo(starts[16, 0]), "superchains 0 and 1 start apart");
        });
        var early = sampler.Run();
        var late = sampler.Continue(200);
        Assert.Multiple(() =>
        {
            Assert.That(early.PerDimension.Select(d => d.NestedRHat), Is.All.GreaterThan(1.05), "10 steps from points 5 sds apart");
            Assert.That(late.PerDimension.Select(d => d.NestedRHat), Is.All.LessThan(1.01), "200 more steps");
        });
    }

    /// <summary>
    /// On N(0, I) the exact flow gives ChEES(T) ∝ E_u[sin²(uT)] = ½ − sin(2T)/(4T) for a jitter u ~ U(0, 1): its first
    /// maximum is at T ≈ 2.25 and the first minimum after it at T ≈ 3.86; leapfrog at ε ≈ 0.8 moves the maximum down a
    /// little (a float64 simulation of the same scheme settles near 1.75). A flipped gradient sends T towards 0 or a far
    /// local maximum.
    /// </summary>
    [Test]
    public void CheesTunesTheTrajectoryLengthToTheFirstMaximumOfChees()
    {
        var spec = new DiagonalGaussianSpec(new double[10], [.. Enumerable.Repeat(1.0, 10)]);
        var result = Sample(spec, OptionsFor(SamplerKind.Chees, chains: 512, steps: 100, warmup: 600));
        Assert.Multiple(() =>
        {
            Assert.That(result.TrajectoryLength, Is.InRange(1.2, 3.0));
            Assert.That(result.GradientsPerTransition, Is.InRange(1.0, 10.0));
        });
    }

    [Test]
    public void NutsReportsItsTreesAndCountsDivergentOnes()
    {
        var spec = new DiagonalGaussianSpec([0, 0], [0.01, 1]);
        var adapted = Sample(spec, OptionsFor(SamplerKind.Nuts, chains: 32, steps: 400, warmup: 300) with { AdaptMassMatrix = false });
        var trees = adapted.Trees!;
        Assert.Multiple(() =>
        {
            Assert.That(trees.MeanDepth, Is.InRange(3.0, 9.0), "without a mass matrix, scales 100 apart need trajectories of tens of steps");
            Assert.That(trees.MaxDepthShare, Is.EqualTo(0));
            Assert.That(trees.GradientsPerTransition, Is.GreaterThanOrEqualTo(Math.Pow(2, trees.MeanDepth - 1)), "a tree of depth D has at least 2^(D−1) leaves; 2^x is convex");
            Assert.That(adapted.Divergences, Is.EqualTo(0));
            Assert.That(adapted.AcceptanceRate, Is.InRange(0.7, 0.99), "adapted to 0.8");
        });
        var capped = Sample(new DiagonalGaussianSpec([0, 0], [1, 1]), OptionsFor(SamplerKind.Nuts, chains: 32, steps: 40, warmup: 0) with { StepSize = 1e-4f, MaxTreeDepth = 2 });
        Assert.That(capped.Trees, Is.EqualTo(new TreeSummary(2, 1, 3)), "tiny steps never turn: every tree is cut at depth 2 after 1 + 2 leapfrog steps");
        var diverging = Sample(spec, OptionsFor(SamplerKind.Nuts, chains: 32, steps: 40, warmup: 0) with { StepSize = 5f });
        Assert.Multiple(() =>
        {
            Assert.That(diverging.Divergences, Is.EqualTo(32 * 20), "every first leaf diverges");
            Assert.That(diverging.Trees, Is.EqualTo(new TreeSummary(1, 0, 1)));
            Assert.That(diverging.AcceptanceRate, Is.EqualTo(0));
            Assert.That(diverging.ExcludedChains, Is.EqualTo(0), "a divergent subtree is discarded, and the chain stays where it was");
        });
    }

    [Test]
    public void DivergentChainsAreCountedAndExcluded()
    {
        // A step size far beyond the stability limit of leapfrog on a stiff Gaussian: every transition diverges.
        var spec = new DiagonalGaussianSpec([0, 0], [0.01, 1]);
        var result = Sample(spec, OptionsFor(SamplerKind.Hmc, chains: 32, steps: 40, warmup: 0) with { StepSize = 5f });
        Assert.That(result.Divergences, Is.GreaterThan(0));
        Assert.That(result.AcceptanceRate, Is.EqualTo(0), "a divergent transition is never accepted");
        Assert.That(result.ExcludedChains, Is.EqualTo(0), "rejected divergent proposals leave the chains finite");
        var ula = Sample(spec, OptionsFor(SamplerKind.Ula, chains: 32, steps: 40, warmup: 0) with { StepSize = 1f });
        Assert.That(ula.ExcludedChains, Is.EqualTo(32), "ULA past its stability limit overflows: every chain is flagged");
        Assert.That(ula.Divergences, Is.GreaterThan(0));
        Assert.That(double.IsNaN(ula.PerDimension[0].Mean), "no chain is left to average");
    }

    private static void AssertGaussianMoments(SampleResult result, IReadOnlyList<double> mean, double[,] covariance, string what, int[]? coordinates = null)
    {
        coordinates ??= [.. Enumerable.Range(0, result.Dimension)];
        Assert.Multiple(() =>
        {
            foreach (int i in coordinates)
            {
                Assert.That(result.PerDimension[i].RHat, Is.LessThan(1.01), $"{what}: R̂ of x{i}");
                StatisticalBounds.MeanMatches(StatisticalBounds.Map(result, (n, c) => result.At(n, c, i)), mean[i], $"{what}: E[x{i}]");
                StatisticalBounds.MeanMatches(StatisticalBounds.Map(result, (n, c) => Math.Pow(result.At(n, c, i) - mean[i], 2)), covariance[i, i], $"{what}: Var[x{i}]");
            }
            int a = coordinates[0], b = coordinates[1];
            StatisticalBounds.MeanMatches(StatisticalBounds.Map(result, (n, c) => (result.At(n, c, a) - mean[a]) * (result.At(n, c, b) - mean[b])), covariance[a, b], $"{what}: Cov[x{a}, x{b}]");
        });
    }

    private static double[,] UlaStationaryCovariance(double[,] precision, double epsilon)
    {
        // 2×2 symmetric eigen-decomposition of P; Σ_ε = Σᵢ vᵢvᵢᵀ · 2/(λᵢ(2 − ελᵢ)).
        double a = precision[0, 0], b = precision[0, 1], d = precision[1, 1];
        double half = (a + d) / 2, root = Math.Sqrt((a - d) * (a - d) / 4 + b * b);
        var result = new double[2, 2];
        foreach (double lambda in new[] { half + root, half - root })
        {
            double vx = b, vy = lambda - a, norm = Math.Sqrt(vx * vx + vy * vy);
            if (norm < 1e-12) { vx = 1; vy = 0; norm = 1; }
            vx /= norm; vy /= norm;
            double variance = 2 / (lambda * (2 - epsilon * lambda));
            result[0, 0] += vx * vx * variance; result[0, 1] += vx * vy * variance;
            result[1, 0] += vx * vy * variance; result[1, 1] += vy * vy * variance;
        }
        return result;
    }

    private static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    // Abramowitz–Stegun 7.1.26 is only 1e-7 accurate; use the complementary series via Math for accuracy.
    private static double Erf(double x)
    {
        // erf by its Taylor series (|x| ≤ 3 here), converged to double precision.
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
