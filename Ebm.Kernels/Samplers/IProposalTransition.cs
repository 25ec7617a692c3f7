using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>
/// A transition that evaluates the energy once per step, at a point it proposes: propose, evaluate, complete. Split so, a
/// work-group of chains can evaluate its proposals together (<see cref="ProposalStep.RunInGroup"/>), while
/// <see cref="ProposalStep.Run"/> runs the same three parts for one chain alone.
/// </summary>
public interface IProposalTransition : IGroupTransition
{
    /// <summary>Whether the evaluation needs ∇ₓE as well as E.</summary>
    bool NeedsGradient { get; }

    /// <summary>Writes the point to evaluate into <see cref="Point"/>.</summary>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="random">The chain's stream at this step.</param>
    /// <returns>False when the chain stays where it is this step (nothing to evaluate or complete).</returns>
    bool Propose(ChainState state, SamplerSettings settings, int chain, ref PhiloxStream random);

    /// <summary>Where the proposed point is.</summary>
    /// <param name="state">Every chain's state.</param>
    /// <param name="chain">The chain.</param>
    /// <returns>Its coordinates.</returns>
    PointView Point(ChainState state, int chain);

    /// <summary>Where ∇ₓE at the proposed point goes (when <see cref="NeedsGradient"/>).</summary>
    /// <param name="state">Every chain's state.</param>
    /// <param name="chain">The chain.</param>
    /// <returns>Its coordinates.</returns>
    PointView PointGradient(ChainState state, int chain);

    /// <summary>Finishes the step from E at the proposed point (and ∇ₓE, written to <see cref="PointGradient"/>).</summary>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="step">The step within the launch.</param>
    /// <param name="energy">E at the proposed point.</param>
    /// <param name="random">The chain's stream, after <see cref="Propose"/>.</param>
    void Complete(ChainState state, SamplerSettings settings, int chain, int step, float energy, ref PhiloxStream random);
}
