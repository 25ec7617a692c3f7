using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>Random-walk Metropolis–Hastings with Gaussian proposals y = x + ε ξ.</summary>
public readonly struct RandomWalkTransition : ITransition
{
    /// <inheritdoc/>
    public string? Problem => null;

    /// <inheritdoc/>
    public void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy
    {
        float proposalEnergy = Propose(energy, state, chain, ref random);
        ChainUpdate.Decide(state, settings, chain, step, settings.InverseTemperature * (state.Energies[chain] - proposalEnergy), proposalEnergy, ref random);
    }

    /// <summary>Writes y = x + ε ξ to the chain's proposal row and returns E(y); a non-finite E(y) counts as divergent.</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="energy">The energy.</param>
    /// <param name="state">The state.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="random">The chain's stream.</param>
    /// <returns>E(y); ∇ₓE(y) is in the proposal-gradient row, so that every sampler can resume from an accepted y.</returns>
    public static float Propose<TEnergy>(TEnergy energy, ChainState state, int chain, ref PhiloxStream random)
        where TEnergy : struct, IEnergy
    {
        var position = state.Of(state.Positions, chain);
        var proposal = state.Of(state.Proposals, chain);
        float epsilon = state.StepSizes[chain];
        for (int j = 0; j < state.Dimension; j++)
            proposal[j] = position[j] + epsilon * random.NextNormal();
        float proposalEnergy = energy.EnergyAndGradient(proposal, state.Of(state.ProposalGradients, chain), chain);
        if (!float.IsFinite(proposalEnergy))
            state.Divergent[chain] += 1;
        return proposalEnergy;
    }
}
