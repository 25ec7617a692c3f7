using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>
/// Metropolis–Hastings with the proposal <typeparamref name="TProposal"/>: y ~ q(· | x), accepted with
/// min(1, exp(β(E(x) − E(y)) + log q(x | y) − log q(y | x))); a non-finite E(y) is counted as divergent. MALA is
/// <see cref="LangevinProposal"/>, random-walk Metropolis <see cref="GaussianRandomWalk"/>.
/// </summary>
/// <typeparam name="TProposal">The proposal (a struct without fields: its settings are the chains' step sizes and mass).</typeparam>
public readonly struct MetropolisTransition<TProposal> : IProposalTransition
    where TProposal : struct, IMetropolisProposal
{
    /// <inheritdoc/>
    public string? Problem => null;

    /// <inheritdoc/>
    /// <remarks>∇ₓE at y is kept even when q does not use it, so that an accepted proposal restores the chain's invariant.</remarks>
    public bool NeedsGradient => true;

    /// <inheritdoc/>
    public void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy =>
        ProposalStep.Run(this, energy, state, settings, chain, step, ref random);

    /// <inheritdoc/>
    public void StepInGroup<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int slot, bool owned, int step, ref PhiloxStream random)
        where TEnergy : struct, IGroupEnergy =>
        ProposalStep.RunInGroup(this, energy, state, settings, chain, slot, owned, step, ref random);

    /// <inheritdoc/>
    public bool Propose(ChainState state, SamplerSettings settings, int chain, ref PhiloxStream random)
    {
        default(TProposal).Propose(state, settings, chain, ref random);
        return true;
    }

    /// <inheritdoc/>
    public PointView Point(ChainState state, int chain) => state.Of(state.Proposals, chain);

    /// <inheritdoc/>
    public PointView PointGradient(ChainState state, int chain) => state.Of(state.ProposalGradients, chain);

    /// <inheritdoc/>
    public void Complete(ChainState state, SamplerSettings settings, int chain, int step, float energy, ref PhiloxStream random) =>
        ChainUpdate.DecideProposal(state, settings, chain, step,
            settings.InverseTemperature * (state.Energies[chain] - energy) + default(TProposal).LogCorrection(state, settings, chain), energy, ref random);
}
