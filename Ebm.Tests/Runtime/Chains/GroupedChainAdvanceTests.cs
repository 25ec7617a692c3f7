using CommunityToolkit.HighPerformance;
using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Kernels;
using Ebm.Tests.Support;

namespace Ebm.Tests.Runtime.Chains;

/// <summary>
/// Work-groups of chains that evaluate an MLP or a dense Gaussian together (<see cref="ChainDriver.RunInGroups{TEnergy, TTransition}"/>,
/// tiles of eight chains) against the same chains run a chain per thread, whose energies and gradients the float64 references check
/// elsewhere: the trajectories must agree bit for bit, including the chains of a last, partly filled group.
/// </summary>
public sealed class GroupedChainAdvanceTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private static readonly LangevinTransition ClampedSgld =
        new() { Noise = LangevinNoise.Fixed, NoiseScale = 0.05f, Bounds = PositionBounds.Box, Low = -1, High = 1 };

    /// <summary>The validation MLPs: every tile tier, overlapping last tiles, each activation, and a base term.</summary>
    public static IEnumerable<TestCaseData> Networks() =>
        ValidationEnergies.All().Where(entry => entry.Spec is MlpSpec).Select(entry => new TestCaseData(entry.Spec).SetArgDisplayNames(entry.Name));

    [TestCaseSource(nameof(Networks))]
    public void GroupsOfChainsFollowTheTrajectoriesOfChainsRunAlone(EnergySpec spec)
    {
        const int chains = 37; // two full groups of 16 and a tail of 5
        var alone = Trajectories(spec, chains, null, new LangevinTransition());
        int[] groupSizes = [.. new[] { KernelCache.ChainGroupQuantum, 16, 24 }.Where(size => size <= Session.Accelerator.MaxNumThreadsPerGroup)];
        Assert.That(groupSizes, Has.Length.GreaterThanOrEqualTo(2), "a tail group and full ones");
        foreach (int groupSize in groupSizes)
        {
            var grouped = Trajectories(spec, chains, groupSize, new LangevinTransition());
            Assert.Multiple(() =>
            {
                Assert.That(grouped.Positions, Is.EqualTo(alone.Positions), $"positions, groups of {groupSize}");
                Assert.That(grouped.Gradients, Is.EqualTo(alone.Gradients), $"gradients, groups of {groupSize}");
                Assert.That(grouped.Energies, Is.EqualTo(alone.Energies), $"energies, groups of {groupSize}");
            });
        }
    }

    [Test]
    public void ClampedSgldInGroupsMatchesChainsRunAlone()
    {
        var spec = ValidationEnergies.BenchmarkMlp();
        var alone = Trajectories(spec, 40, null, ClampedSgld);
        var grouped = Trajectories(spec, 40, 16, ClampedSgld);
        Assert.That(alone.Positions.Count(x => Math.Abs(x) == 1), Is.GreaterThan(0), "the case must reach the clamp");
        Assert.Multiple(() =>
        {
            Assert.That(grouped.Positions, Is.EqualTo(alone.Positions));
            Assert.That(grouped.Energies, Is.EqualTo(alone.Energies));
        });
    }

    [Test]
    public void MetropolisTransitionsInGroupsMatchChainsRunAlone()
    {
        var spec = ValidationEnergies.All().Single(entry => entry.Name == "mlp-3-83-20-1-silu").Spec;
        var malaAlone = Trajectories(spec, 29, null, new MetropolisTransition<LangevinProposal>());
        var malaGrouped = Trajectories(spec, 29, 16, new MetropolisTransition<LangevinProposal>());
        var walkAlone = Trajectories(spec, 29, null, new MetropolisTransition<GaussianRandomWalk>());
        var walkGrouped = Trajectories(spec, 29, 16, new MetropolisTransition<GaussianRandomWalk>());
        Assert.Multiple(() =>
        {
            Assert.That(malaGrouped.Positions, Is.EqualTo(malaAlone.Positions), "MALA positions");
            Assert.That(malaGrouped.Gradients, Is.EqualTo(malaAlone.Gradients), "MALA gradients");
            Assert.That(walkGrouped.Positions, Is.EqualTo(walkAlone.Positions), "random-walk positions");
            Assert.That(walkGrouped.Energies, Is.EqualTo(walkAlone.Energies), "random-walk energies");
        });
    }

    /// <summary>An MLP and the dense Gaussians: every energy that work-groups evaluate together.</summary>
    public static IEnumerable<TestCaseData> GroupEnergies() =>
        ValidationEnergies.All().Where(entry => entry.Spec is GaussianSpec || entry.Name == "mlp-3-83-20-1-silu")
            .Select(entry => new TestCaseData(entry.Spec).SetArgDisplayNames(entry.Name));

    [TestCaseSource(nameof(GroupEnergies))]
    public void HmcInGroupsMatchesChainsRunAlone(EnergySpec spec)
    {
        var fixedLength = new HmcTransition { Leapfrog = 4, DivergenceThreshold = 1000 };
        var jittered = fixedLength with { Leapfrog = 7, Jitter = TrajectoryJitter.Uniform }; // trajectories of 1-7 steps within a group
        var langevin = Trajectories(spec, 29, null, new LangevinTransition()).Positions;
        foreach (var (name, transition) in new[] { ("fixed", fixedLength), ("jittered", jittered) })
        {
            var alone = Trajectories(spec, 29, null, transition);
            var grouped = Trajectories(spec, 29, 16, transition);
            Assert.Multiple(() =>
            {
                Assert.That(grouped.Positions, Is.EqualTo(alone.Positions), $"{name} positions");
                Assert.That(grouped.Gradients, Is.EqualTo(alone.Gradients), $"{name} gradients");
                Assert.That(grouped.Energies, Is.EqualTo(alone.Energies), $"{name} energies");
                Assert.That(alone.Positions, Is.Not.EqualTo(langevin), "HMC moved its own way");
            });
        }
    }

    [TestCaseSource(nameof(GroupEnergies))]
    public void LangevinInGroupsMatchesChainsRunAloneOnEveryGroupEnergy(EnergySpec spec)
    {
        var alone = Trajectories(spec, 37, null, new LangevinTransition());
        var grouped = Trajectories(spec, 37, 16, new LangevinTransition());
        Assert.Multiple(() =>
        {
            Assert.That(grouped.Positions, Is.EqualTo(alone.Positions));
            Assert.That(grouped.Gradients, Is.EqualTo(alone.Gradients));
            Assert.That(grouped.Energies, Is.EqualTo(alone.Energies));
        });
    }

    [Test]
    public void AGroupSizeThatSplitsATileIsRefused()
    {
        Assert.That(() => Session.Kernels.ChainGroupSize = 12, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("multiple of 8"));
        Assert.That(() => Session.Kernels.ChainGroupSize = 0, Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    // Positions, gradients and energies after 6 steps of ULA (or the given transition) from a spread of starting points.
    private (float[] Positions, float[] Gradients, float[] Energies) Trajectories<TTransition>(EnergySpec spec, int chains, int? groupSize, TTransition transition)
        where TTransition : struct, ITransition
    {
        using var scope = new ChainGroupSizeScope(Session.Kernels, groupSize);
        using var model = EnergyModel.Create(spec, Session);
        int d = model.Dimension;
        var start = new float[chains * d];
        for (int i = 0; i < start.Length; i++)
            start[i] = MathF.Sin(0.7f * i) * 1.5f;
        using var pool = new ChainPool(Session, chains, d, seed: 11);
        pool.SetStepSizes(0.01f);
        pool.Initialize(model.Device, new ReadOnlySpan2D<float>(start, chains, d));
        ChainAdvance.Run(model.Device, pool, transition, new SamplerSettings { Steps = 6, InverseTemperature = 1 }, null);
        Session.Synchronize();
        var energies = new float[chains];
        pool.Energies.CopyTo(energies);
        return ([.. pool.ReadPositions().Cast<float>()], [.. pool.ReadGradients().Cast<float>()], energies);
    }
}
