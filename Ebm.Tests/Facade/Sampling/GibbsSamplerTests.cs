using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Facade.Sampling;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Discrete;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Sampling;

/// <summary>
/// Gibbs samplers against exact enumeration, with bounds of 5 Monte Carlo standard errors (ESS-based): the 4 × 4 Ising
/// model's energy and magnetisation per site, and a tiny RBM's visible marginals. Each test of a correct sampler has a
/// twin that runs a plausible bug (the wrong sign of h; W read as if it were Wᵀ) and shows that the same bound rejects it.
/// </summary>
public sealed class GibbsSamplerTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private static readonly IsingSpec Lattice = new(4, 4, 0.3, 0.1);

    private static readonly RbmSpec Machine = RbmSpec.Random(6, 4, 0.5, seed: 2024);

    private GibbsResult Sample(DiscreteSpec spec, GibbsOptions options)
    {
        using var model = DiscreteModel.Create(spec, Session);
        using var sampler = new GibbsSampler(model, options);
        return sampler.Run();
    }

    // Colour launches cost three launches per sweep, expensive on ILGPU's CPU accelerator: fewer chains and draws.
    [TestCase(IsingUpdate.FusedSweeps, 64, 2000, 1)]
    [TestCase(IsingUpdate.ColourLaunches, 32, 600, 2)]
    public void IsingMomentsMatchExactEnumeration(IsingUpdate update, int chains, int sweeps, int thin)
    {
        var exact = Lattice.ExactMoments();
        var result = Sample(Lattice, new GibbsOptions { Chains = chains, Warmup = 100, Sweeps = sweeps, Thin = thin, IsingUpdate = update, Seed = 7 });
        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics["energy_per_site"].RHat, Is.LessThan(1.01), "R̂ of E/N");
            Assert.That(result.Diagnostics["abs_magnetisation"].RHat, Is.LessThan(1.01), "R̂ of |m|");
            StatisticalBounds.MeanMatches(result.Series(0), exact.MeanEnergyPerSite, "⟨E⟩/N");
            StatisticalBounds.MeanMatches(result.Series(record => Math.Abs(record[1])), exact.MeanAbsMagnetisation, "⟨|M|⟩/N");
            StatisticalBounds.MeanMatches(result.Series(1), exact.MeanMagnetisation, "⟨M⟩/N");
        });
        Assert.That(result.Diagnostics["energy_per_site"].Mean, Is.EqualTo(DrawMean(result, 0)).Within(1e-9), "the diagnostics describe the records");
        var states = result.States();
        Assert.Multiple(() =>
        {
            Assert.That(states, Is.All.EqualTo(1f).Or.EqualTo(-1f), "spins are ±1");
            StatisticalBounds.MeanMatches(StateSeries(result, states, spins => spins.ToArray().Average(value => (double)value)), exact.MeanMagnetisation, "⟨M⟩/N from the states");
            StatisticalBounds.MeanMatches(StateSeries(result, states, LatticeEnergyPerSite), exact.MeanEnergyPerSite, "⟨E⟩/N from the states");
        });
    }

    // [chain, draw] series of a function of the recorded state.
    private static double[,] StateSeries(GibbsResult result, float[] states, Func<ReadOnlySpan<float>, double> statistic)
    {
        var series = new double[result.Chains, result.DrawCount];
        for (int n = 0; n < result.DrawCount; n++)
            for (int c = 0; c < result.Chains; c++)
                series[c, n] = statistic(states.AsSpan((n * result.Chains + c) * result.Units, result.Units));
        return series;
    }

    private static double LatticeEnergyPerSite(ReadOnlySpan<float> spins)
    {
        double[] state = [.. spins.ToArray().Select(value => (double)value)];
        return Lattice.ReferenceEnergy(state) / Lattice.Sites;
    }

    [Test]
    public void IsingSampledWithTheWrongSignOfTheFieldFailsTheSameBound()
    {
        var exact = Lattice.ExactMoments();
        var broken = Sample(new IsingSpec(Lattice.Rows, Lattice.Columns, Lattice.Coupling, -Lattice.Field), new GibbsOptions { Chains = 64, Warmup = 100, Sweeps = 2000, Seed = 7 });
        Assert.That(StatisticalBounds.IsWithin(broken.Series(1), exact.MeanMagnetisation, out var magnetisation), Is.False,
            $"⟨M⟩/N = {magnetisation.Mean:F4} ± {magnetisation.Mcse:F4} vs exact {exact.MeanMagnetisation:F4}");
        // The records hold the energy of the model sampled; the true model's is E/N − 2h·M/N, since the broken one has −h.
        var trueEnergy = broken.Series(record => record[0] - 2 * Lattice.Field * record[1]);
        Assert.That(StatisticalBounds.IsWithin(trueEnergy, exact.MeanEnergyPerSite, out var energy), Is.False,
            $"⟨E⟩/N = {energy.Mean:F4} ± {energy.Mcse:F4} vs exact {exact.MeanEnergyPerSite:F4}");
    }

    [TestCase(1.0)]
    [TestCase(2.0)]
    public void RbmVisibleMarginalsMatchExactEnumeration(double temperature)
    {
        var spec = Machine with { Temperature = temperature };
        var exact = spec.Enumerate(RbmLayer.Visible);
        var result = Sample(spec, new GibbsOptions { Chains = 64, Warmup = 100, Sweeps = 2000, Seed = 11 });
        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics["free_energy"].RHat, Is.LessThan(1.01), "R̂ of F");
            for (int k = 0; k < spec.Visible; k++)
                StatisticalBounds.MeanMatches(result.Series(1 + k), exact.VisibleMarginals[k], $"P(v{k} = 1)");
        });
    }

    [Test]
    public void RbmSampledWithWReadAsWTransposedFailsTheSameBound()
    {
        // The bug of indexing W [H, V] as if it were stored [V, H]: W'_jk = flat[k·H + j].
        float[] flat = Machine.FlatParameters();
        var misread = new float[Machine.Hidden, Machine.Visible];
        for (int j = 0; j < Machine.Hidden; j++)
            for (int k = 0; k < Machine.Visible; k++)
                misread[j, k] = flat[k * Machine.Hidden + j];
        var exact = Machine.Enumerate(RbmLayer.Visible);
        var broken = Sample(new RbmSpec(misread, Machine.VisibleBias, Machine.HiddenBias), new GibbsOptions { Chains = 64, Warmup = 100, Sweeps = 2000, Seed = 11 });
        var rejected = Enumerable.Range(0, Machine.Visible)
            .Where(k => !StatisticalBounds.IsWithin(broken.Series(1 + k), exact.VisibleMarginals[k], out _))
            .ToArray();
        Assert.That(rejected, Is.Not.Empty, "at least one visible marginal must fall outside 5 MCSE of the truth");
    }

    [Test]
    public void SameSeedGivesIdenticalDrawsAndContinueResumes()
    {
        var options = new GibbsOptions { Chains = 16, Warmup = 10, Sweeps = 40, Thin = 4, Seed = 3 };
        var first = Sample(Lattice, options);
        var second = Sample(Lattice, options);
        Assert.That(second.Draws, Is.EqualTo(first.Draws));
        Assert.That(first.DrawCount, Is.EqualTo(10));
        using var model = DiscreteModel.Create(Lattice, Session);
        using var sampler = new GibbsSampler(model, options with { Sweeps = 20 });
        sampler.Run();
        var resumed = sampler.Continue(20);
        Assert.That(resumed.Draws, Is.EqualTo(first.Draws.AsSpan(first.Draws.Length / 2).ToArray()), "warm-up + 20 + 20 sweeps equal warm-up + 40");
        Assert.That(sampler.Chains.Sweep, Is.EqualTo(50ul));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ACheckpointResumesBitForBit(bool rbm)
    {
        DiscreteSpec spec = rbm ? Machine : Lattice;
        var options = new GibbsOptions { Chains = 8, Warmup = 10, Sweeps = 40, Thin = 2, Seed = 9 };
        var straight = Sample(spec, options);
        using var model = DiscreteModel.Create(spec, Session);
        SafeTensors saved;
        float[] firstHalf;
        using (var first = new GibbsSampler(model, options with { Sweeps = 20 }))
        {
            firstHalf = first.Run().States();
            saved = GibbsCheckpoint.ToSafeTensors(first.Chains, new Dictionary<string, string> { ["model"] = spec.Kind });
        }
        using var second = new GibbsSampler(model, options with { Sweeps = 20, Seed = GibbsCheckpoint.SeedOf(saved) });
        GibbsCheckpoint.Restore(second.Chains, saved);
        float[] secondHalf = second.Continue(20).States();
        Assert.Multiple(() =>
        {
            Assert.That(firstHalf.Concat(secondHalf).ToArray(), Is.EqualTo(straight.States()), "warm-up + 20 + 20 sweeps through a checkpoint equal warm-up + 40");
            Assert.That(second.Chains.Sweep, Is.EqualTo(50ul));
            Assert.That(() => GibbsCheckpoint.Restore(second.Chains, GibbsCheckpoint.ToSafeTensors(new GibbsSampler(model, options with { Chains = 4 }).Chains)),
                Throws.InstanceOf<EbmFormatException>().With.Message.Contains("4 chains"));
        });
    }

    [Test]
    public void ProgressIsReportedAndInvalidOptionsAreRejected()
    {
        var reports = new List<SamplingProgress>();
        using var model = DiscreteModel.Create(Machine, Session);
        using (var sampler = new GibbsSampler(model, new GibbsOptions { Chains = 4, Warmup = 30, Sweeps = 30, SweepsPerLaunch = 10, Seed = 1 }))
            sampler.Run(new SynchronousProgress(reports));
        Assert.That(reports.Select(report => (report.Phase, report.Step)), Is.EqualTo(new[] { ("warmup", 10), ("warmup", 20), ("warmup", 30), ("sampling", 10), ("sampling", 20), ("sampling", 30) }));
        Assert.Multiple(() =>
        {
            Assert.That(() => new GibbsSampler(model, new GibbsOptions { Chains = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Chains"));
            Assert.That(() => new GibbsSampler(model, new GibbsOptions { Sweeps = 10, Thin = 3 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("multiple"));
            Assert.That(() => new GibbsSampler(model, new GibbsOptions { Warmup = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Warmup"));
        });
        using var ising = DiscreteModel.Create(new IsingSpec(3, 3, 1, 0), Session);
        Assert.That(() => new GibbsSampler(ising, new GibbsOptions { IsingUpdate = IsingUpdate.ColourLaunches }), Throws.ArgumentException.With.Message.Contains("3 × 3"));
    }

    private static double DrawMean(GibbsResult result, int column)
    {
        double sum = 0;
        for (int n = 0; n < result.DrawCount; n++)
            for (int c = 0; c < result.Chains; c++)
                sum += result.At(n, c, column);
        return sum / ((double)result.DrawCount * result.Chains);
    }

    private sealed class SynchronousProgress(List<SamplingProgress> reports) : IProgress<SamplingProgress>
    {
        public void Report(SamplingProgress value) => reports.Add(value);
    }
}
