using CommunityToolkit.HighPerformance;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;

namespace Ebm.Facade.Models;

/// <summary>A discrete energy on an accelerator, with batched evaluation of host states: the facade's model object for Gibbs sampling.</summary>
/// <remarks>The session is borrowed: disposing the model frees its device buffers, not the session.</remarks>
public sealed class DiscreteModel : IDisposable
{
    private DiscreteModel(DiscreteSpec spec, DeviceEnergy device)
    {
        Spec = spec;
        Device = device;
    }

    /// <summary>The host definition.</summary>
    public DiscreteSpec Spec { get; }

    /// <summary>The device energy (for samplers and trainers).</summary>
    public DeviceEnergy Device { get; }

    /// <summary>n, the units of a state.</summary>
    public int Units => Spec.Units;

    /// <summary>Uploads <paramref name="spec"/> to <paramref name="session"/>.</summary>
    /// <param name="spec">The model.</param>
    /// <param name="session">The accelerator session (borrowed).</param>
    /// <returns>The model.</returns>
    public static DiscreteModel Create(DiscreteSpec spec, AcceleratorSession session)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new DiscreteModel(spec, spec.CreateDevice(session));
    }

    /// <summary>E(s) for each row of <paramref name="states"/> (the free energy F(v) for an RBM).</summary>
    /// <param name="states">[N, n], every value <see cref="DiscreteSpec.LowerValue"/> or 1.</param>
    /// <returns>N energies.</returns>
    public float[] Energy(float[,] states)
    {
        Validate(states);
        using var deviceStates = new DeviceMatrix<float>(Device.Session, states.GetLength(0), Units);
        deviceStates.CopyFrom(new ReadOnlySpan2D<float>(states));
        using var energies = new DeviceVector<float>(Device.Session, states.GetLength(0));
        Device.Evaluate(deviceStates, energies);
        return energies.ToArray();
    }

    /// <inheritdoc/>
    public void Dispose() => Device.Dispose();

    /// <summary>Throws unless <paramref name="states"/> is a non-empty [N, n] batch of valid unit values.</summary>
    /// <param name="states">The batch.</param>
    /// <param name="name">The argument name for messages.</param>
    internal void Validate(float[,] states, string name = "states")
    {
        ArgumentNullException.ThrowIfNull(states, name);
        if (states.GetLength(0) == 0)
            throw new ArgumentException($"{name} is an empty batch: pass at least one state", name);
        if (states.GetLength(1) != Units)
            throw new ArgumentException($"{name} have {states.GetLength(1)} units; the model has {Units}", name);
        for (int n = 0; n < states.GetLength(0); n++)
        {
            for (int i = 0; i < Units; i++)
            {
                float value = states[n, i];
                if (value != Spec.LowerValue && value != 1)
                    throw new ArgumentException($"{name}[{n}, {i}] is {value}; every unit must be {Spec.LowerValue} or 1", name);
            }
        }
    }
}
