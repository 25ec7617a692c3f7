using CommunityToolkit.HighPerformance;
using Ebm.Kernels.Discrete;
using Ebm.Kernels.Random;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using ILGPU;

namespace Ebm.Runtime.Discrete;

/// <summary>
/// Every chain's state of a Gibbs sampler over binary units, kept on the device between calls: the [C, n] unit
/// values (each <see cref="LowerValue"/> or 1), their energies, and the global sweep counter that indexes the
/// random streams. Subclasses launch the model's Gibbs kernel.
/// </summary>
public abstract class DiscreteChains : IDisposable
{
    private readonly DeviceVector<float> noDraws;
    private int disposed;

    /// <summary>Allocates <paramref name="chains"/> chains over the units of <paramref name="energy"/>, placed uniformly at random.</summary>
    /// <param name="energy">The energy (borrowed): its dimension is the number of units n.</param>
    /// <param name="chains">C ≥ 1.</param>
    /// <param name="seed">The seed of every chain's random stream (stream = chain id).</param>
    /// <param name="lowerValue">The value of a unit that is off: −1 for spins, 0 for binary units.</param>
    protected DiscreteChains(DeviceEnergy energy, int chains, ulong seed, float lowerValue)
    {
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        Energy = energy;
        Session = energy.Session;
        Chains = chains;
        Units = energy.Dimension;
        Seed = seed;
        LowerValue = lowerValue;
        States = new DeviceMatrix<float>(Session, chains, Units);
        Energies = new DeviceVector<float>(Session, chains);
        noDraws = new DeviceVector<float>(Session, 1);
        InitializeRandom();
    }

    /// <summary>The session the chains live on.</summary>
    public AcceleratorSession Session { get; }

    /// <summary>The energy the chains sample (borrowed).</summary>
    public DeviceEnergy Energy { get; }

    /// <summary>C.</summary>
    public int Chains { get; }

    /// <summary>n, the units per chain.</summary>
    public int Units { get; }

    /// <summary>The seed of the random streams.</summary>
    public ulong Seed { get; }

    /// <summary>The value of a unit that is off (−1 or 0); a unit that is on is 1.</summary>
    public float LowerValue { get; }

    /// <summary>Sweeps taken so far: the Philox step counter of the next sweep.</summary>
    public ulong Sweep { get; set; }

    /// <summary>[C, n] unit values.</summary>
    public DeviceMatrix<float> States { get; }

    /// <summary>[C] energies of <see cref="States"/>, current after every launch.</summary>
    public DeviceVector<float> Energies { get; }

    /// <summary>Floats recorded per draw and chain by <see cref="Advance"/>.</summary>
    public abstract int RecordWidth { get; }

    /// <summary>Places the chains at <paramref name="states"/> and evaluates their energies.</summary>
    /// <param name="states">[C, n], every value <see cref="LowerValue"/> or 1.</param>
    /// <exception cref="ArgumentException">A shape mismatch or another value (the first one is named).</exception>
    public void Initialize(ReadOnlySpan2D<float> states)
    {
        if (states.Height != Chains || states.Width != Units)
            throw new ArgumentException($"expected [{Chains}, {Units}] states, got [{states.Height}, {states.Width}]", nameof(states));
        for (int c = 0; c < Chains; c++)
        {
            for (int i = 0; i < Units; i++)
            {
                float value = states[c, i];
                if (value != LowerValue && value != 1)
                    throw new ArgumentException($"states[{c}, {i}] is {value}; every unit must be {LowerValue} or 1", nameof(states));
            }
        }
        States.CopyFrom(states);
        Refresh();
    }

    /// <summary>Sets every unit to 1 or <see cref="LowerValue"/> with probability ½ each, from stream c of the seed at step 2⁶⁴ − 1 (never used by a sweep).</summary>
    public void InitializeRandom()
    {
        var host = new float[(long)Chains * Units];
        for (int c = 0; c < Chains; c++)
        {
            var random = new PhiloxStream(Seed, (uint)c, ulong.MaxValue);
            for (int i = 0; i < Units; i++)
                host[(long)c * Units + i] = (random.NextUInt() >> 31) != 0 ? 1 : LowerValue;
        }
        States.CopyFrom(host);
        Refresh();
    }

    /// <summary>Re-evaluates the energies of the current states (after they were written from outside).</summary>
    public void Refresh() => Energy.Evaluate(States, Energies);

    /// <summary>Runs <paramref name="settings"/>.Sweeps sweeps on every chain; the sweep counter moves by as many.</summary>
    /// <param name="settings">Sweeps, InverseTemperature and Thin; Seed and FirstSweep are taken from the chains.</param>
    /// <param name="draws">A [Sweeps/Thin, C, <see cref="RecordWidth"/>] buffer when Thin &gt; 0, else null.</param>
    public void Advance(GibbsSettings settings, DeviceVector<float>? draws)
    {
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Sweeps, nameof(settings.Sweeps));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Thin, nameof(settings.Thin));
        if (!(settings.InverseTemperature > 0) || !float.IsFinite(settings.InverseTemperature))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.InverseTemperature, "the inverse temperature must be positive and finite");
        long needed = settings.Thin > 0 ? (long)(settings.Sweeps / settings.Thin) * Chains * RecordWidth : 0;
        if (needed > 0 && (draws is null || draws.Length < needed))
            throw new ArgumentException($"{settings.Sweeps} sweeps thinned by {settings.Thin} need a draws buffer of {needed} floats", nameof(draws));
        settings.Seed = Seed;
        settings.FirstSweep = Sweep;
        if (settings.Sweeps == 0)
            return;
        Launch(settings, (draws ?? noDraws).View);
        Sweep += (ulong)settings.Sweeps;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Launches the model's Gibbs kernel(s) for checked settings.</summary>
    /// <param name="settings">Complete settings (Sweeps ≥ 1).</param>
    /// <param name="draws">The draws view (a one-element dummy when Thin is 0).</param>
    protected abstract void Launch(GibbsSettings settings, ArrayView<float> draws);

    /// <summary>Releases the device buffers.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        States.Dispose();
        Energies.Dispose();
        noDraws.Dispose();
    }
}
