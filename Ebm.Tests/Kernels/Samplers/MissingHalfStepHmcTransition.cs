using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>
/// Broken on purpose: HMC whose leapfrog leaves out the closing momentum half-step p(n+1) = p(n+½) − ε/2 ∇U(x(n+1)).
/// Built from the real pieces: each of the L steps is one real leapfrog step with its closing half-step undone.
/// </summary>
/// <param name="hmc">The real transition whose start, parameters and Metropolis test are kept.</param>
public readonly struct MissingHalfStepHmcTransition(HmcTransition hmc) : ITransition
{
    /// <inheritdoc/>
    public string? Problem => hmc.Problem;

    /// <inheritdoc/>
    public void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy
    {
        float initialHamiltonian = HmcTransition.StartTrajectory(state, settings, chain, ref random);
        var proposal = state.Of(state.Proposals, chain);
        var proposalGradient = state.Of(state.ProposalGradients, chain);
        var momentum = state.Of(state.Momenta, chain);
        float epsilon = state.StepSizes[chain], beta = settings.InverseTemperature, proposalEnergy = 0;
        for (int n = 0; n < hmc.Leapfrog; n++)
        {
            proposalEnergy = LeapfrogIntegrator.Integrate(energy, state, proposal, proposalGradient, momentum, epsilon, beta, 1, chain);
            for (int j = 0; j < state.Dimension; j++)
                momentum[j] += 0.5f * epsilon * beta * proposalGradient[j]; // BUG: undoes p(n+1) = p(n+½) − ε/2 ∇U(x(n+1))
        }
        hmc.FinishTrajectory(state, settings, chain, step, initialHamiltonian, proposalEnergy, ref random);
    }
}
