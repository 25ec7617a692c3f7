using Ebm.Facade.Distributed;
using Ebm.Facade.Models;
using Ebm.Facade.Sampling;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Accelerators;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Distributed;

/// <summary>
/// A run sharded over members (threads of a <see cref="ThreadGroup"/>), each with its own accelerator session of the
/// fixture's kind (two or three instances of one device) and its block of chains, gives every member the draws and
/// diagnostics of the unsharded run bit for bit, warm-up adaptation included.
/// </summary>
public sealed class ShardedSamplingTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private static readonly EnergySpec Banana = new BananaSpec(2, 1, 10);

    [TestCase(SamplerKind.Mala, 2)]
    [TestCase(SamplerKind.Hmc, 3)]
    [TestCase(SamplerKind.Nuts, 2)]
    [TestCase(SamplerKind.Rwmh, 2)]
    [TestCase(SamplerKind.Ula, 2)]
    public void ShardedDrawsEqualTheSingleProcessRun(SamplerKind kind, int members)
    {
        var options = new SamplerOptions { Kind = kind, Chains = 7, Warmup = 120, Steps = 40, Seed = 11, Leapfrog = 4, StepSize = kind == SamplerKind.Rwmh ? 0.5f : 0.1f };
        var whole = Sample(options, SingleProcess.Instance);
        using var group = new ThreadGroup(members);
        var shards = group.Run(member => Sample(options, member));
        foreach (var shard in shards)
        {
            Assert.That(shard.Draws, Is.EqualTo(whole.Draws), $"{kind}: draws");
            Assert.That(shard.PerDimension, Is.EqualTo(whole.PerDimension), $"{kind}: diagnostics");
            Assert.That((shard.AcceptanceRate, shard.Divergences, shard.FinalStepSize), Is.EqualTo((whole.AcceptanceRate, whole.Divergences, whole.FinalStepSize)));
        }
    }

    [Test]
    public void SuperchainsStayWholeAndStartTogether()
    {
        var options = new SamplerOptions { Kind = SamplerKind.Hmc, Chains = 12, Superchains = 3, Warmup = 60, Steps = 20, Seed = 5, Leapfrog = 4, StepSize = 0.1f };
        var whole = Sample(options, SingleProcess.Instance);
        using var group = new ThreadGroup(2);
        var shards = group.Run(member => (Sample(options, member), new ChainShard(member, 12, 4)));
        Assert.That(shards.Select(pair => (pair.Item2.First, pair.Item2.Count)), Is.EqualTo(new[] { (0, 8), (8, 4) }), "blocks of whole superchains");
        Assert.That(shards[1].Item1.Draws, Is.EqualTo(whole.Draws));
        Assert.That(shards[1].Item1.PerDimension.Select(d => d.NestedRHat), Is.EqualTo(whole.PerDimension.Select(d => d.NestedRHat)));
    }

    [Test]
    public void AMemberThatFailsReleasesTheOthersAndItsErrorIsRethrown()
    {
        using var group = new ThreadGroup(3);
        var error = Assert.Throws<InvalidOperationException>(() => group.Run(member =>
        {
            if (member.Rank == 1)
                throw new InvalidOperationException("member 1 failed");
            return member.AllGather([1, 2, 3]);
        }))!;
        Assert.That(error.Message, Is.EqualTo("member 1 failed"), "the failure itself, not the others' release");
    }

    [Test]
    public void MoreMembersThanChainsAndChEESAreRefused()
    {
        using var model = EnergyModel.Create(Banana, Session);
        using var group = new ThreadGroup(3);
        var errors = group.Run(member =>
        {
            var few = Assert.Throws<ArgumentException>(() => new ChainSampler(model, new SamplerOptions { Kind = SamplerKind.Mala, Chains = 2, Steps = 2 }, member))!;
            var chees = Assert.Throws<ArgumentException>(() => new ChainSampler(model, new SamplerOptions { Kind = SamplerKind.Chees, Chains = 6, Steps = 2 }, member))!;
            return (few.Message, chees.Message);
        });
        Assert.That(errors[0].Item1, Does.Contain("2 chains in groups of 1 cannot be shared by 3 processes"));
        Assert.That(errors[0].Item2, Does.Contain("ChEES-HMC"));
    }

    private SampleResult Sample(SamplerOptions options, IChainGroup group)
    {
        using var session = AcceleratorCases.OpenOrIgnore(Kind);
        using var model = EnergyModel.Create(Banana, session);
        using var sampler = new ChainSampler(model, options, group);
        sampler.Initialize();
        return sampler.Run();
    }
}
