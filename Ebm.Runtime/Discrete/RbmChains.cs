using Ebm.Kernels.Discrete;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Discrete;

/// <summary>RBM chains: visible units in {0, 1} (the state) and the last hidden sample, advanced by block Gibbs.</summary>
/// <remarks>The energy is borrowed, so a trainer can update its parameters between launches (persistent contrastive divergence).</remarks>
public sealed class RbmChains : DiscreteChains
{
    private readonly RbmDeviceEnergy machine;

    /// <summary>Allocates the chains (visibles uniformly random, hiddens 0).</summary>
    /// <param name="energy">The RBM (borrowed).</param>
    /// <param name="chains">C ≥ 1.</param>
    /// <param name="seed">The seed.</param>
    public RbmChains(RbmDeviceEnergy energy, int chains, ulong seed)
        : base(energy, chains, seed, 0)
    {
        machine = energy;
        HiddenStates = new DeviceMatrix<float>(Session, chains, energy.Hidden);
        HiddenStates.Clear();
    }

    /// <summary>[C, H] the hidden units sampled by the last step.</summary>
    public DeviceMatrix<float> HiddenStates { get; }

    /// <inheritdoc/>
    public override int RecordWidth => Units + 1;

    /// <inheritdoc/>
    protected override void Launch(GibbsSettings settings, ArrayView<float> draws)
    {
        var steps = Session.Kernels.Get<Action<AcceleratorStream, Index1D, RbmEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>, GibbsSettings, ArrayView<float>>>(
            (Action<Index1D, RbmEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>, GibbsSettings, ArrayView<float>>)GibbsKernels.RbmSteps);
        steps(Session.Accelerator.DefaultStream, Chains, machine.Bind(Chains), States.View, HiddenStates.View, Energies.View, settings, draws);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            HiddenStates.Dispose();
        base.Dispose(disposing);
    }
}
