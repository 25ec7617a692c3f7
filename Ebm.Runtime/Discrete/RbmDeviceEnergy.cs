using Ebm.Kernels.Discrete;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;

namespace Ebm.Runtime.Discrete;

/// <summary>A binary RBM on the device: its free energy over visibles, with the flat parameters W, b, c trainable in place.</summary>
public sealed class RbmDeviceEnergy : TrainableDeviceEnergy<RbmEnergy>
{
    /// <summary>Uploads the machine.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="visible">V ≥ 1.</param>
    /// <param name="hidden">H ≥ 1.</param>
    /// <param name="parameters">W [H, V] row-major, then b [V], then c [H] (the layout of <see cref="RbmEnergy"/>).</param>
    public RbmDeviceEnergy(AcceleratorSession session, int visible, int hidden, ReadOnlySpan<float> parameters)
        : base(session, visible, Validated(visible, hidden, parameters))
    {
        Hidden = hidden;
    }

    /// <summary>V.</summary>
    public int Visible => Dimension;

    /// <summary>H.</summary>
    public int Hidden { get; }

    /// <summary>P = H·V + V + H.</summary>
    /// <param name="visible">V.</param>
    /// <param name="hidden">H.</param>
    /// <returns>The parameter count.</returns>
    /// <exception cref="ArgumentException">More than one buffer holds.</exception>
    public static int ParameterCountOf(int visible, int hidden)
    {
        long count = (long)hidden * visible + visible + hidden;
        if (count > int.MaxValue)
            throw new ArgumentException($"an RBM with {visible:N0} visible and {hidden:N0} hidden units would have {count:N0} parameters; at most {int.MaxValue:N0} fit one buffer", nameof(hidden));
        return (int)count;
    }

    /// <inheritdoc/>
    public override RbmEnergy Bind(int slots) => new(Parameters.View, Visible, Hidden);

    private static ReadOnlySpan<float> Validated(int visible, int hidden, ReadOnlySpan<float> parameters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(visible, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        int expected = ParameterCountOf(visible, hidden);
        if (parameters.Length != expected)
            throw new ArgumentException($"an RBM with {visible} visible and {hidden} hidden units has {expected} parameters, got {parameters.Length}", nameof(parameters));
        return parameters;
    }
}
