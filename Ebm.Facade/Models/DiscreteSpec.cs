using Ebm.Facade.Sampling;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Discrete;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>
/// The host-side definition of an energy over binary units (spins ±1 or bits 0/1): its parameters, a float64 reference
/// energy, exact log Z by enumeration for small models, and factories of its device energy and Gibbs chains.
/// </summary>
/// <remarks>
/// Not an <see cref="EnergySpec"/>: those describe continuous energies sampled with ∇ₓE. Here p(s) ∝ exp(−E(s)/T) over
/// the 2ⁿ configurations, and the samplers are Gibbs samplers.
/// </remarks>
public abstract record DiscreteSpec
{
    /// <summary>The most units exact enumeration accepts: 2²⁴ configurations.</summary>
    public const int MaxEnumeratedUnits = 24;

    /// <summary>The temperature T in p(s) ∝ exp(−E(s)/T); 1 by default.</summary>
    public double Temperature { get; init; } = 1;

    /// <summary>The name used in JSON specs, e.g. <c>ising</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>n, the number of units a sampled state holds.</summary>
    public abstract int Units { get; }

    /// <summary>The value of a unit that is off: −1 for spins, 0 for binary units (a unit that is on is 1).</summary>
    public abstract float LowerValue { get; }

    /// <summary>The scalars the Gibbs sampler diagnoses, each computed from one recorded draw row.</summary>
    public abstract IReadOnlyList<DrawStatistic> Statistics { get; }

    /// <summary>E(s) in float64: what the device energy computes.</summary>
    /// <param name="state">s, <see cref="Units"/> values.</param>
    /// <returns>The energy.</returns>
    public abstract double ReferenceEnergy(ReadOnlySpan<double> state);

    /// <summary>log p̃(s) = log p(s) + log Z at the spec's temperature, in float64 (−E(s)/T unless a subclass says otherwise).</summary>
    /// <param name="state">s.</param>
    /// <returns>The unnormalised log probability.</returns>
    public virtual double UnnormalizedLogProbability(ReadOnlySpan<double> state) => -ReferenceEnergy(state) / Temperature;

    /// <summary>log Z(T) = log Σₛ p̃(s), exactly, by enumeration.</summary>
    /// <returns>log Z.</returns>
    /// <exception cref="InvalidOperationException">The enumeration would exceed 2^<see cref="MaxEnumeratedUnits"/> states.</exception>
    public abstract double ExactLogPartition();

    /// <summary>Uploads the energy to <paramref name="session"/>.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <returns>The device energy; the caller disposes it.</returns>
    public abstract DeviceEnergy CreateDevice(AcceleratorSession session);

    /// <summary>Allocates Gibbs chains for a device energy created by <see cref="CreateDevice"/>.</summary>
    internal abstract DiscreteChains CreateChains(DeviceEnergy device, int chains, ulong seed, GibbsOptions options);

    /// <summary>Checks the temperature; called before anything uses it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not a positive finite number.</exception>
    protected void ValidateTemperature()
    {
        if (!(Temperature > 0) || !double.IsFinite(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "temperature must be a positive finite number");
    }

    /// <summary>Throws unless 2^<paramref name="units"/> configurations can be enumerated.</summary>
    /// <param name="units">The units summed over.</param>
    /// <param name="what">What they are, for the message.</param>
    protected static void CheckEnumerable(int units, string what)
    {
        if (units > MaxEnumeratedUnits)
            throw new InvalidOperationException($"exact enumeration sums over 2^{units} {what}; the limit is 2^{MaxEnumeratedUnits}");
    }
}
