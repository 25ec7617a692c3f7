using CommunityToolkit.HighPerformance;
using Ebm.Facade.Models;
using Ebm.Kernels.Discrete;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Discrete;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Tests.Support;

namespace Ebm.Tests.Runtime.Discrete;

/// <summary>
/// Gibbs chains on the device: the site-parallel colour launches make exactly the moves of the fused sweeps, a chain does
/// not depend on how many run nor on how its sweeps are split into launches, and energies and records describe the state.
/// </summary>
public sealed class DiscreteChainsTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private const ulong Seed = 99;

    [TestCase(4, 6)]
    [TestCase(2, 2)]
    [TestCase(1, 8)]
    [TestCase(6, 1)]
    public void ColourLaunchesReproduceFusedSweepsExactly(int rows, int columns)
    {
        var spec = new IsingSpec(rows, columns, 0.4, 0.1);
        using var energy = spec.CreateDevice(Session);
        using var fused = Ising(energy, 8, IsingUpdate.FusedSweeps);
        using var colour = Ising(energy, 8, IsingUpdate.ColourLaunches);
        using var fusedDraws = new DeviceVector<float>(Session, 7 * 8 * fused.RecordWidth);
        using var colourDraws = new DeviceVector<float>(Session, 7 * 8 * colour.RecordWidth);
        fused.Advance(Settings(7, thin: 1), fusedDraws);
        colour.Advance(Settings(7, thin: 1), colourDraws);
        Assert.Multiple(() =>
        {
            Assert.That(colour.States.ToArray(), Is.EqualTo(fused.States.ToArray()), "final spins");
            Assert.That(colour.Energies.ToArray(), Is.EqualTo(fused.Energies.ToArray()), "final energies");
            Assert.That(colourDraws.ToArray(), Is.EqualTo(fusedDraws.ToArray()), "records");
        });
    }

    [Test]
    public void ColourLaunchesRejectLatticesWithAnOddSide()
    {
        using var energy = new IsingSpec(3, 4, 1, 0).CreateDevice(Session);
        Assert.That(() => Ising(energy, 2, IsingUpdate.ColourLaunches), Throws.ArgumentException.With.Message.Contains("3 × 4"));
    }

    [TestCase(IsingUpdate.FusedSweeps)]
    [TestCase(IsingUpdate.ColourLaunches)]
    public void IsingChainsDoNotDependOnHowManyRunNorOnHowLaunchesAreSplit(IsingUpdate update)
    {
        using var energy = new IsingSpec(4, 4, 0.3, 0.1).CreateDevice(Session);
        using var few = Ising(energy, 3, update);
        using var many = Ising(energy, 20, update);
        few.Advance(Settings(4, 0), null);
        few.Advance(Settings(6, 0), null);
        many.Advance(Settings(10, 0), null);
        AssertLeadingRowsEqual(few, many);
        Assert.That(few.Sweep, Is.EqualTo(10ul));
    }

    [Test]
    public void RbmChainsDoNotDependOnHowManyRunNorOnHowLaunchesAreSplit()
    {
        using var energy = (RbmDeviceEnergy)RbmSpec.Random(6, 4, 0.5, 1).CreateDevice(Session);
        using var few = new RbmChains(energy, 3, Seed);
        using var many = new RbmChains(energy, 20, Seed);
        few.Advance(Settings(5, 0), null);
        few.Advance(Settings(2, 0), null);
        many.Advance(Settings(7, 0), null);
        AssertLeadingRowsEqual(few, many);
        Assert.That(few.HiddenStates.ToArray()[2, 3], Is.EqualTo(many.HiddenStates.ToArray()[2, 3]));
    }

    [TestCase(IsingUpdate.FusedSweeps)]
    [TestCase(IsingUpdate.ColourLaunches)]
    public void IsingEnergiesAndTheLastRecordDescribeTheFinalSpins(IsingUpdate update)
    {
        var spec = new IsingSpec(4, 2, 0.5, -0.3);
        using var energy = spec.CreateDevice(Session);
        using var chains = Ising(energy, 5, update);
        using var draws = new DeviceVector<float>(Session, 3 * 5 * chains.RecordWidth);
        chains.Advance(Settings(9, thin: 3), draws);
        var spins = chains.States.ToArray();
        float[] energies = chains.Energies.ToArray(), records = draws.ToArray();
        for (int c = 0; c < 5; c++)
        {
            double[] state = [.. Enumerable.Range(0, spec.Sites).Select(i => (double)spins[c, i])];
            Assert.That(state, Is.All.EqualTo(1).Or.EqualTo(-1));
            double expected = spec.ReferenceEnergy(state);
            Assert.That(energies[c], Is.EqualTo(expected).Within(1e-5), $"E of chain {c}");
            long last = (2L * 5 + c) * chains.RecordWidth; // draw 2 = sweep 9
            Assert.That(records[last], Is.EqualTo(expected / spec.Sites).Within(1e-6), $"E/N record of chain {c}");
            Assert.That(records[last + 1], Is.EqualTo(state.Sum() / spec.Sites).Within(1e-6), $"M/N record of chain {c}");
            Assert.That(records.AsSpan((int)last + 2, spec.Sites).ToArray(), Is.EqualTo(state.Select(value => (float)value).ToArray()), $"spins recorded for chain {c}");
        }
    }

    [Test]
    public void RbmEnergiesAndTheLastRecordDescribeTheFinalVisibles()
    {
        var spec = RbmSpec.Random(5, 3, 0.7, 4);
        using var energy = (RbmDeviceEnergy)spec.CreateDevice(Session);
        using var chains = new RbmChains(energy, 4, Seed);
        using var draws = new DeviceVector<float>(Session, 2 * 4 * 6);
        chains.Advance(Settings(4, thin: 2), draws);
        var visible = chains.States.ToArray();
        float[] energies = chains.Energies.ToArray(), records = draws.ToArray();
        for (int c = 0; c < 4; c++)
        {
            double[] state = [.. Enumerable.Range(0, 5).Select(k => (double)visible[c, k])];
            Assert.That(state, Is.All.EqualTo(0).Or.EqualTo(1));
            double expected = spec.ReferenceEnergy(state);
            Assert.That(energies[c], Is.EqualTo(expected).Within(2e-4 * (1 + Math.Abs(expected))), $"F of chain {c}");
            long last = (1L * 4 + c) * 6;
            Assert.That(records[last], Is.EqualTo(energies[c]), $"F record of chain {c}");
            Assert.That(records.AsSpan((int)last + 1, 5).ToArray(), Is.EqualTo(state.Select(value => (float)value)), $"v record of chain {c}");
        }
    }

    [Test]
    public void InitializeAcceptsOnlyTheTwoLevelsAndRefreshesEnergies()
    {
        var spec = new IsingSpec(2, 3, 1, 0.5);
        using var energy = spec.CreateDevice(Session);
        using var chains = Ising(energy, 2, IsingUpdate.FusedSweeps);
        var up = new float[2, 6];
        up.AsSpan2D().Fill(1);
        chains.Initialize(up);
        Assert.That(chains.Energies.ToArray(), Is.All.EqualTo(-9 - 3).Within(1e-6)); // 9 bonds, M = 6
        up[1, 4] = 0;
        Assert.That(() => chains.Initialize(up), Throws.ArgumentException.With.Message.Contains("[1, 4]"));
    }

    [Test]
    public void AdvanceChecksItsArguments()
    {
        using var energy = new IsingSpec(2, 2, 1, 0).CreateDevice(Session);
        using var chains = Ising(energy, 4, IsingUpdate.FusedSweeps);
        using var small = new DeviceVector<float>(Session, 7);
        Assert.Multiple(() =>
        {
            Assert.That(() => chains.Advance(Settings(2, thin: 1), small), Throws.ArgumentException.With.Message.Contains("48 floats"), "2 draws × 4 chains × (E/N, M/N and 4 spins)");
            Assert.That(() => chains.Advance(Settings(2, thin: 1) with { InverseTemperature = 0 }, null), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => chains.Advance(Settings(-1, thin: 0), null), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    private IsingChains Ising(DeviceEnergy energy, int chains, IsingUpdate update) =>
        new((DeviceEnergy<IsingEnergy>)energy, chains, Seed, update);

    private static GibbsSettings Settings(int sweeps, int thin) => new() { Sweeps = sweeps, Thin = thin, InverseTemperature = 1 };

    private static void AssertLeadingRowsEqual(DiscreteChains few, DiscreteChains many)
    {
        var a = few.States.ToArray();
        var b = many.States.ToArray();
        for (int c = 0; c < few.Chains; c++)
            for (int i = 0; i < few.Units; i++)
                Assert.That(a[c, i], Is.EqualTo(b[c, i]), $"chain {c}, unit {i}");
        Assert.That(many.Energies.ToArray().Take(few.Chains), Is.EqualTo(few.Energies.ToArray()));
    }
}
