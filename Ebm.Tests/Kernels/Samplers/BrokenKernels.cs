using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;
using ILGPU;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>
/// Deliberately broken samplers, for showing that the statistical tests reject them: the same structure,
/// streams and bookkeeping as the real kernels with one classic bug each. They live in the test project, so
/// <see cref="Support.KernelInventory"/> (which scans Ebm.Kernels) does not compile them for PTX/OpenCL.
/// </summary>
public static class BrokenKernels
{
    /// <summary>Random-walk Metropolis with the log ratio's sign flipped: accepts with min(1, exp(β(E(y) − E(x)))).</summary>
    public static void WrongSignMetropolis<TEnergy>(Index1D chain, TEnergy energy, ChainState state, SamplerSettings settings, ArrayView<float> draws)
        where TEnergy : struct, IEnergy
    {
        int c = chain.X, d = state.Dimension, chains = (int)state.Energies.Length;
        var position = state.Row(state.Positions, c);
        var proposal = state.Row(state.Proposals, c);
        for (int step = 0; step < settings.Steps; step++)
        {
            var random = new PhiloxStream(settings.Seed, (uint)c, settings.FirstStep + (ulong)step);
            float epsilon = state.StepSizes[c];
            for (int j = 0; j < d; j += 2)
            {
                float first = random.NextNormalPair(out float second);
                proposal[j] = position[j] + epsilon * first;
                if (j + 1 < d)
                    proposal[j + 1] = position[j + 1] + epsilon * second;
            }
            float proposalEnergy = energy.EnergyAndGradient(proposal, state.Row(state.ProposalGradients, c), c);
            float logRatio = settings.InverseTemperature * (proposalEnergy - state.Energies[c]); // BUG: E(x) − E(y) is right
            bool accepted = ChainUpdate.Accept(logRatio, ref random, out float probability);
            if (accepted)
                ChainUpdate.TakeProposal(state, c, proposalEnergy);
            ChainUpdate.Record(state, settings, c, step, accepted, probability);
            ChainUpdate.RecordDraw(state, settings, draws, c, chains, step);
        }
    }

    /// <summary>HMC whose leapfrog leaves out the closing momentum half-step p(n+1) = p(n+½) − ε/2 ∇U(x(n+1)).</summary>
    public static void MissingHalfStepHmc<TEnergy>(Index1D chain, TEnergy energy, ChainState state, SamplerSettings settings, ArrayView<float> draws)
        where TEnergy : struct, IEnergy
    {
        int c = chain.X, d = state.Dimension, chains = (int)state.Energies.Length;
        var position = state.Row(state.Positions, c);
        var gradient = state.Row(state.Gradients, c);
        var proposal = state.Row(state.Proposals, c);
        var proposalGradient = state.Row(state.ProposalGradients, c);
        var momentum = state.Row(state.Momenta, c);
        float beta = settings.InverseTemperature;
        for (int step = 0; step < settings.Steps; step++)
        {
            var random = new PhiloxStream(settings.Seed, (uint)c, settings.FirstStep + (ulong)step);
            float epsilon = state.StepSizes[c];
            float kinetic = 0;
            for (int j = 0; j < d; j += 2)
            {
                float first = random.NextNormalPair(out float second);
                momentum[j] = first;
                kinetic += 0.5f * first * first;
                if (j + 1 < d)
                {
                    momentum[j + 1] = second;
                    kinetic += 0.5f * second * second;
                }
            }
            for (int j = 0; j < d; j++)
            {
                proposal[j] = position[j];
                proposalGradient[j] = gradient[j];
            }
            float initialHamiltonian = beta * state.Energies[c] + kinetic;
            float proposalEnergy = 0;
            for (int n = 0; n < settings.Leapfrog; n++)
            {
                for (int j = 0; j < d; j++)
                {
                    momentum[j] -= 0.5f * epsilon * beta * proposalGradient[j]; // p(n+½)
                    proposal[j] += epsilon * momentum[j];                       // x(n+1)
                }
                proposalEnergy = energy.EnergyAndGradient(proposal, proposalGradient, c);
                // BUG: the half-step p(n+1) = p(n+½) − ε/2 ∇U(x(n+1)) is missing.
            }
            kinetic = 0;
            for (int j = 0; j < d; j++)
                kinetic += 0.5f * momentum[j] * momentum[j];
            float error = beta * proposalEnergy + kinetic - initialHamiltonian;
            bool accepted = ChainUpdate.Accept(float.IsFinite(error) ? -error : float.NaN, ref random, out float probability);
            if (accepted)
                ChainUpdate.TakeProposal(state, c, proposalEnergy);
            ChainUpdate.Record(state, settings, c, step, accepted, probability);
            ChainUpdate.RecordDraw(state, settings, draws, c, chains, step);
        }
    }
}
