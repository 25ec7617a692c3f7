using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>
/// One step of a proposal transition, for a chain alone or with its work-group: the <see cref="ITransition.Step"/> and
/// <see cref="IGroupTransition.StepInGroup"/> of every <see cref="IProposalTransition"/>.
/// </summary>
public static class ProposalStep
{
    /// <summary>Proposes, evaluates the energy at the proposal, and completes the step.</summary>
    /// <typeparam name="TTransition">The transition.</typeparam>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="transition">The transition and its parameters.</param>
    /// <param name="energy">The energy (the chain index is its workspace slot).</param>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="step">The step within the launch.</param>
    /// <param name="random">The chain's stream at this step.</param>
    public static void Run<TTransition, TEnergy>(TTransition transition, TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step,
        ref PhiloxStream random)
        where TTransition : struct, IProposalTransition
        where TEnergy : struct, IEnergy
    {
        if (!transition.Propose(state, settings, chain, ref random))
            return;
        var point = transition.Point(state, chain);
        float proposed = transition.NeedsGradient ? energy.EnergyAndGradient(point, transition.PointGradient(state, chain), chain) : energy.Energy(point, chain);
        transition.Complete(state, settings, chain, step, proposed, ref random);
    }

    /// <summary>Proposes, evaluates the energy at every proposal of the work-group together, and completes the step.</summary>
    /// <typeparam name="TTransition">The transition.</typeparam>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="transition">The transition and its parameters.</param>
    /// <param name="energy">The energy.</param>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="slot">This work-item's workspace slot.</param>
    /// <param name="owned">False for the group's tail (see <see cref="IGroupTransition.StepInGroup"/>).</param>
    /// <param name="step">The step within the launch.</param>
    /// <param name="random">The chain's stream at this step.</param>
    public static void RunInGroup<TTransition, TEnergy>(TTransition transition, TEnergy energy, ChainState state, SamplerSettings settings, int chain, int slot,
        bool owned, int step, ref PhiloxStream random)
        where TTransition : struct, IProposalTransition
        where TEnergy : struct, IGroupEnergy
    {
        bool moves = owned && transition.Propose(state, settings, chain, ref random);
        var point = transition.Point(state, chain);
        energy.Stage(point, slot);
        energy.EvaluateStaged(transition.NeedsGradient);
        if (!moves)
            return;
        float proposed = energy.StagedResult(point, transition.PointGradient(state, chain), slot, transition.NeedsGradient);
        transition.Complete(state, settings, chain, step, proposed, ref random);
    }
}
