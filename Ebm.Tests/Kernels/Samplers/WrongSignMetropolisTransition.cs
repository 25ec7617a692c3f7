using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>Broken on purpose: random-walk Metropolis with the log ratio's sign flipped, min(1, exp(β(E(y) − E(x)))).</summary>
/// <remarks>In the test project, so <see cref="Support.KernelInventory"/> (which scans Ebm.Kernels) does not compile it.</remarks>
public readonly struct WrongSignMetropolisTransition : IProposalTransition
{
    public string? Problem => null;

    public bool NeedsGradient => default(MetropolisTransition<GaussianRandomWalk>).NeedsGradient;

    public void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy =>
        ProposalStep.Run(this, energy, state, settings, chain, step, ref random);

    public void StepInGroup<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int slot, bool owned, int step, ref PhiloxStream random)
        where TEnergy : struct, IGroupEnergy =>
        ProposalStep.RunInGroup(this, energy, state, settings, chain, slot, owned, step, ref random);

    public bool Propose(ChainState state, SamplerSettings settings, int chain, ref PhiloxStream random) => default(MetropolisTransition<GaussianRandomWalk>).Propose(state, settings, chain, ref random);

    public PointView Point(ChainState state, int chain) => default(MetropolisTransition<GaussianRandomWalk>).Point(state, chain);

    public PointView PointGradient(ChainState state, int chain) => default(MetropolisTransition<GaussianRandomWalk>).PointGradient(state, chain);

    public void Complete(ChainState state, SamplerSettings settings, int chain, int step, float energy, ref PhiloxStream random) =>
        ChainUpdate.DecideProposal(state, settings, chain, step, settings.InverseTemperature * (energy - state.Energies[chain]), energy, ref random); // BUG: E(x) − E(y) is right
}
