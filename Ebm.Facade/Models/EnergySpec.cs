using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>
/// The host-side definition of an energy: its parameters, a float64 reference evaluation (the oracle the
/// device kernels are checked against), its log partition function where one is known in closed form,
/// and the factory of its device counterpart.
/// </summary>
public abstract record EnergySpec
{
    /// <summary>The temperature T in p(x) ∝ exp(−E(x)/T); 1 by default.</summary>
    public double Temperature { get; init; } = 1;

    /// <summary>The name used in JSON specs, e.g. <c>gaussian</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The point dimension d.</summary>
    public abstract int Dimension { get; }

    /// <summary>The largest dimension a spec given by a bare number (banana, funnel) may have: 2²⁴, 64 MiB per float32 point.</summary>
    public const int MaxDimension = 1 << 24;

    /// <summary>log Z(T) = log ∫ exp(−E(x)/T) dx in closed form, or null when there is none.</summary>
    public virtual double? LogPartition => null;

    /// <summary>E(x) and ∇ₓE(x) in float64, computed on the host.</summary>
    /// <param name="point">x, d values.</param>
    /// <param name="gradient">Receives ∇ₓE, d values.</param>
    /// <returns>E(x).</returns>
    public abstract double ReferenceEnergy(ReadOnlySpan<double> point, Span<double> gradient);

    /// <summary>Uploads the energy to <paramref name="session"/>.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <returns>The device energy; the caller disposes it.</returns>
    public abstract DeviceEnergy CreateDevice(AcceleratorSession session);

    /// <summary>Checks the common fields; called by every spec's validation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is not a positive finite number.</exception>
    protected void ValidateTemperature()
    {
        if (!(Temperature > 0) || !double.IsFinite(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "temperature must be a positive finite number");
    }
}
