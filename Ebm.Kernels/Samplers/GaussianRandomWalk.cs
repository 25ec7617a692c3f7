using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>The random walk y = x + ε ξ, ξ ~ N(0, I): symmetric, so its Hastings correction is 0.</summary>
public readonly struct GaussianRandomWalk : IMetropolisProposal
{
    /// <inheritdoc/>
    public void Propose(ChainState state, SamplerSettings settings, int chain, ref PhiloxStream random)
    {
        var position = state.Of(state.Positions, chain);
        var proposal = state.Of(state.Proposals, chain);
        float epsilon = state.StepSizes[chain];
        for (int j = 0; j < state.Dimension; j++)
            proposal[j] = position[j] + epsilon * random.NextNormal();
    }

    /// <inheritdoc/>
    public float LogCorrection(ChainState state, SamplerSettings settings, int chain) => 0;
}
