using System.Diagnostics;
using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Facade.Partition;
using Ebm.Kernels.Random;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Partition;

/// <summary>
/// AIS against analytic log Z. Bound: |log Ẑ − log Z| ≤ 3 reported standard errors, for each of 4 seeds. The delta-method
/// SE is a normal approximation; with ESS ≫ 1 the per-seed false-failure rate is about 0.3%, and log Ẑ's Jensen bias
/// (≈ SE²/2) is far below 3 SE for the SE seen here (&lt; 0.05).
/// </summary>
public sealed class AnnealedImportanceSamplingTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private static readonly ulong[] Seeds = [1, 2, 3, 4];

    [Test]
    public void CorrelatedTwoDimensionalGaussianFromTheStandardNormalBase()
    {
        var spec = GaussianSpec.FromCovariance([1, -1], new double[,] { { 2, 0.9 }, { 0.9, 0.8 } });
        AssertWithinThreeStandardErrors(spec, null, new AnnealedImportanceSamplingOptions { Runs = 256, Temperatures = 100 });
    }

    [Test]
    public void TenDimensionalGaussianWithTheBaseFittedToReferencePoints()
    {
        var spec = ValidationEnergies.Correlated(10);
        AssertWithinThreeStandardErrors(spec, ExactDraws(spec, 400, 99), new AnnealedImportanceSamplingOptions { Runs = 256, Temperatures = 100 });
    }

    [Test]
    public void MalaTransitionsAlsoAgreeWithTheClosedForm()
    {
        var spec = ValidationEnergies.Correlated(4) with { Temperature = 1.7 };
        AssertWithinThreeStandardErrors(spec, null, new AnnealedImportanceSamplingOptions { Runs = 256, Temperatures = 100, Sampler = SamplerKind.Mala, Schedule = AnnealingSchedule.Linear });
    }

    [Test]
    public void ModeSeparatedRingMixtureHasLogZZero()
    {
        // 8 components of scale 0.3 on a circle of radius 2: modes 1.5 apart, 5 component sd, separated by energy barriers.
        var spec = ValidationEnergies.Ring();
        Assert.That(spec.LogPartition, Is.EqualTo(0).Within(1e-12));
        AssertWithinThreeStandardErrors(spec, null, new AnnealedImportanceSamplingOptions { Runs = 256, Temperatures = 200, BaseScale = [2] });
    }

    [Test]
    public void StandardErrorShrinksLikeOneOverRootM()
    {
        var spec = ValidationEnergies.Correlated(10);
        var reference = ExactDraws(spec, 400, 7);
        using var model = EnergyModel.Create(spec, Session);
        var small = AnnealedImportanceSampling.Estimate(model, new AnnealedImportanceSamplingOptions { Runs = 64, Temperatures = 50, Seed = 11 }, reference);
        var large = AnnealedImportanceSampling.Estimate(model, new AnnealedImportanceSamplingOptions { Runs = 1024, Temperatures = 50, Seed = 11 }, reference);
        double ratio = small.Estimate.StandardError / large.Estimate.StandardError;
        TestContext.Out.WriteLine($"SE(M=64) = {small.Estimate.StandardError:G3}, SE(M=1024) = {large.Estimate.StandardError:G3}, ratio {ratio:F2} (√16 = 4)");
        Assert.That(ratio, Is.InRange(2.0, 8.0));
        Assert.That(large.EffectiveSampleSize, Is.InRange(1.0, 1024.0));
    }

    [Test]
    public void SameSeedGivesTheSameWeights()
    {
        using var model = EnergyModel.Create(ValidationEnergies.Correlated(3), Session);
        var options = new AnnealedImportanceSamplingOptions { Runs = 16, Temperatures = 20, Seed = 5 };
        var first = AnnealedImportanceSampling.Estimate(model, options).LogWeights;
        var second = AnnealedImportanceSampling.Estimate(model, options).LogWeights;
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void TheLikelihoodFacadeDispatchesToAisAboveTwoDimensions()
    {
        var spec = new GaussianMixtureSpec([0.2, 0.8], [[0, 0, 0], [1, 2, 3]], [[1, 1, 1], [0.5, 0.7, 0.9]]) with { Temperature = 2 };
        using var model = EnergyModel.Create(spec, Session);
        var estimate = Likelihood.EstimateLogPartition(model, new float[,] { { 0, 0, 0 }, { 1, 1, 1 } }, PartitionMethod.Auto,
            new AnnealedImportanceSamplingOptions { Runs = 32, Temperatures = 10, BaseMean = [0, 0, 0], BaseScale = [1] });
        Assert.That(estimate.Method, Is.EqualTo("ais"));
        Assert.That(estimate.EffectiveSampleSize, Is.Not.Null);
        Assert.That(() => Likelihood.EstimateLogPartition(model, new float[1, 3], PartitionMethod.Quadrature), Throws.ArgumentException.With.Message.Contains("quadrature needs d ≤ 2"));
        Assert.That(() => Likelihood.EstimateLogPartition(model, new float[1, 3], PartitionMethod.Exact), Throws.ArgumentException.With.Message.Contains("discrete"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void RbmAisFromTheBaseRateModelMatchesExactEnumeration(bool fitBase)
    {
        // V = 10, H = 8, weights N(0, 1): a multimodal machine whose exact log Z enumerates 2⁸ hidden configurations.
        var spec = RbmSpec.Random(10, 8, 1.0, 17);
        double truth = Likelihood.EstimateLogPartition(spec).LogZ;
        float[,]? data = fitBase ? RandomBits(200, 10, 3) : null;
        foreach (ulong seed in Seeds)
        {
            var result = AnnealedImportanceSampling.Estimate(spec, Session, new AnnealedImportanceSamplingOptions { Runs = 256, Temperatures = 300, Seed = seed }, data);
            var estimate = result.Estimate;
            TestContext.Out.WriteLine($"seed {seed}: log Ẑ = {estimate.LogZ:F4} ± {estimate.StandardError:F4} (exact {truth:F4}), ESS {result.EffectiveSampleSize:F0}/256");
            Assert.That(estimate.LogZ, Is.EqualTo(truth).Within(3 * estimate.StandardError), $"seed {seed}");
        }
        Assert.That(Likelihood.EstimateLogPartition(spec, PartitionMethod.Auto).Method, Is.EqualTo("exact"));
        Assert.That(Likelihood.EstimateLogPartition(spec, PartitionMethod.Ais, Session, new AnnealedImportanceSamplingOptions { Runs = 16, Temperatures = 10 }).Method, Is.EqualTo("ais"));
    }

    private static float[,] RandomBits(int count, int units, ulong seed)
    {
        var bits = new float[count, units];
        var random = new PhiloxStream(seed, 0, 0);
        for (int n = 0; n < count; n++)
            for (int i = 0; i < units; i++)
                bits[n, i] = random.NextUniform() < 0.3 + 0.04 * i ? 1 : 0;
        return bits;
    }

    private void AssertWithinThreeStandardErrors(EnergySpec spec, float[,]? reference, AnnealedImportanceSamplingOptions options)
    {
        double truth = spec.LogPartition!.Value;
        using var model = EnergyModel.Create(spec, Session);
        foreach (ulong seed in Seeds)
        {
            var clock = Stopwatch.StartNew();
            var result = AnnealedImportanceSampling.Estimate(model, options with { Seed = seed }, reference);
            var estimate = result.Estimate;
            TestContext.Out.WriteLine($"seed {seed}: log Ẑ = {estimate.LogZ:F4} ± {estimate.StandardError:F4} (truth {truth:F4}), ESS {result.EffectiveSampleSize:F0}/{options.Runs}, "
                + $"acceptance {result.AcceptanceRate:F2}, ε {result.FinalStepSize:G3}, {clock.ElapsedMilliseconds} ms");
            Assert.That(estimate.Method, Is.EqualTo("ais"));
            Assert.That(estimate.StandardError, Is.GreaterThan(0));
            Assert.That(estimate.LogZ, Is.EqualTo(truth).Within(3 * estimate.StandardError), $"seed {seed}");
        }
    }

    // x = μ + L z: exact draws from N(μ, Σ).
    private static float[,] ExactDraws(GaussianSpec spec, int count, ulong seed)
    {
        int d = spec.Dimension;
        var points = new float[count, d];
        var z = new double[d];
        for (int n = 0; n < count; n++)
        {
            var random = new PhiloxStream(seed, (uint)n, 0);
            for (int j = 0; j < d; j++)
                z[j] = random.NextNormalPair(out _);
            for (int i = 0; i < d; i++)
            {
                double value = spec.Mean[i];
                for (int j = 0; j <= i; j++)
                    value += spec.CovarianceCholesky[i, j] * z[j];
                points[n, i] = (float)value;
            }
        }
        return points;
    }
}
