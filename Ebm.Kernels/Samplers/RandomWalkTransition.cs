using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>Random-walk Metropolis–Hastings with Gaussian proposals y = x + ε ξ.</summary>
public readonly struct RandomWalkTransition : IProposalTransition
{
    /// <inheritdoc/>
    public string? Problem => null;

    /// <inheritdoc/>
    public bool NeedsGradient => true;

    /// <inheritdoc/>
    public void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy =>
        ProposalStep.Run(this, energy, state, settings, chain, step, ref random);

    /// <inheritdoc/>
    /// <remarks>y = x + ε ξ.</remarks>
    public bool Propose(ChainState state, SamplerSettings settings, int chain, ref PhiloxStream random)
    {
        var position = state.Of(state.Positions, chain);
        var proposal = state.Of(state.Proposals, chain);
        float epsilon = state.StepSizes[chain];
        for (int j = 0; j < state.Dimension; j++)
            proposal[j] = position[j] + epsilon * random.NextNormal();
        return true;
    }

    /// <inheritdoc/>
    public PointView Point(ChainState state, int chain) => state.Of(state.Proposals, chain);

    /// <inheritdoc/>
    /// <remarks>The gradient is kept so that an accepted proposal restores the chain's invariant.</remarks>
    public PointView PointGradient(ChainState state, int chain) => state.Of(state.ProposalGradients, chain);

    /// <inheritdoc/>
    public void Complete(ChainState state, SamplerSettings settings, int chain, int step, float energy, ref PhiloxStream random) =>
        Decide(state, settings, chain, step, settings.InverseTemperature * (state.Energies[chain] - energy), energy, ref random);

    /// <summary>Counts a non-finite proposal energy as divergent, then accepts or rejects by <paramref name="logRatio"/>.</summary>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="step">The step within the launch.</param>
    /// <param name="logRatio">log of the acceptance ratio.</param>
    /// <param name="energy">E at the proposal.</param>
    /// <param name="random">The chain's stream.</param>
    public static void Decide(ChainState state, SamplerSettings settings, int chain, int step, float logRatio, float energy, ref PhiloxStream random)
    {
        if (!float.IsFinite(energy))
            state.Divergent[chain] += 1;
        ChainUpdate.Decide(state, settings, chain, step, logRatio, energy, ref random);
    }
}
