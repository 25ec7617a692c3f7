using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Samplers;

/// <summary>Hamiltonian Monte Carlo with a leapfrog integrator and a diagonal mass matrix: K fused transitions per chain.</summary>
/// <remarks>
/// U = E/T, K(p) = ½ pᵀM⁻¹p, p ~ N(0, M). Leapfrog: p(n+½) = p(n) − ε/2 ∇U(x(n)); x(n+1) = x(n) + ε M⁻¹ p(n+½);
/// p(n+1) = p(n+½) − ε/2 ∇U(x(n+1)). Accept with min(1, exp(H₀ − H₁)); a transition with H₁ − H₀ above the
/// divergence threshold (or non-finite) is divergent and rejected.
/// </remarks>
public static class HmcKernels
{
    /// <summary>Advances chain <paramref name="chain"/> by <see cref="SamplerSettings.Steps"/> HMC transitions.</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="chain">The chain (also the energy's workspace slot).</param>
    /// <param name="energy">The energy.</param>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="draws">[K/Thin, C, d] recorded draws.</param>
    public static void Run<TEnergy>(Index1D chain, TEnergy energy, ChainState state, SamplerSettings settings, ArrayView<float> draws)
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
                kinetic += SampleMomentum(state, momentum, j, first);
                if (j + 1 < d)
                    kinetic += SampleMomentum(state, momentum, j + 1, second);
                proposal[j] = position[j];
                proposalGradient[j] = gradient[j];
                if (j + 1 < d)
                {
                    proposal[j + 1] = position[j + 1];
                    proposalGradient[j + 1] = gradient[j + 1];
                }
            }
            float initialHamiltonian = beta * state.Energies[c] + kinetic;
            int leapfrogSteps = settings.JitterLeapfrog != 0 ? 1 + (int)(random.NextUniform() * settings.Leapfrog) : settings.Leapfrog;
            float proposalEnergy = Leapfrog(energy, state, proposal, proposalGradient, momentum, epsilon, beta, leapfrogSteps, c);
            kinetic = 0;
            for (int j = 0; j < d; j++)
                kinetic += 0.5f * momentum[j] * momentum[j] * state.InverseMass[j];
            float error = beta * proposalEnergy + kinetic - initialHamiltonian; // H₁ − H₀
            bool divergent = float.IsNaN(error) || error > settings.DivergenceThreshold; // explicit NaN test: see ChainUpdate.Accept
            if (divergent)
                state.Divergent[c] += 1;
            bool accepted = ChainUpdate.Accept(divergent ? float.NaN : -error, ref random, out float probability);
            if (accepted)
                ChainUpdate.TakeProposal(state, c, proposalEnergy);
            ChainUpdate.Record(state, settings, c, step, accepted, probability);
            ChainUpdate.RecordDraw(state, settings, draws, c, chains, step);
        }
    }

    /// <summary>
    /// <paramref name="steps"/> leapfrog steps of size <paramref name="epsilon"/> from (x, p) in place; x's gradient
    /// must be current and stays current. Public so that the integrator itself can be tested (energy conservation,
    /// reversibility).
    /// </summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="energy">The energy.</param>
    /// <param name="state">The state (for the inverse mass).</param>
    /// <param name="position">x, updated.</param>
    /// <param name="gradient">∇ₓE at x, updated.</param>
    /// <param name="momentum">p, updated.</param>
    /// <param name="epsilon">ε.</param>
    /// <param name="beta">1/T.</param>
    /// <param name="steps">The number of leapfrog steps.</param>
    /// <param name="slot">The workspace slot.</param>
    /// <returns>E at the final position.</returns>
    public static float Leapfrog<TEnergy>(TEnergy energy, ChainState state, ArrayView<float> position, ArrayView<float> gradient,
        ArrayView<float> momentum, float epsilon, float beta, int steps, int slot)
        where TEnergy : struct, IEnergy
    {
        int d = state.Dimension;
        float finalEnergy = 0;
        for (int n = 0; n < steps; n++)
        {
            for (int j = 0; j < d; j++)
            {
                momentum[j] -= 0.5f * epsilon * beta * gradient[j];            // p(n+½)
                position[j] += epsilon * state.InverseMass[j] * momentum[j];   // x(n+1)
            }
            finalEnergy = energy.EnergyAndGradient(position, gradient, slot);
            for (int j = 0; j < d; j++)
                momentum[j] -= 0.5f * epsilon * beta * gradient[j];            // p(n+1)
        }
        return finalEnergy;
    }

    /// <summary>Leapfrog integration of every chain from its state (positions, gradients, momenta), in place: for tests.</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="chain">The chain.</param>
    /// <param name="energy">The energy.</param>
    /// <param name="state">The state; Momenta must be set.</param>
    /// <param name="settings">ε is read from StepSizes, L from Leapfrog, 1/T from InverseTemperature.</param>
    public static void Integrate<TEnergy>(Index1D chain, TEnergy energy, ChainState state, SamplerSettings settings)
        where TEnergy : struct, IEnergy
    {
        int c = chain.X;
        state.Energies[c] = Leapfrog(energy, state, state.Row(state.Positions, c), state.Row(state.Gradients, c),
            state.Row(state.Momenta, c), state.StepSizes[c], settings.InverseTemperature, settings.Leapfrog, c);
    }

    // p_j = z_j / √(M⁻¹_j) ~ N(0, M_j); returns its kinetic energy ½ p_j² M⁻¹_j = ½ z_j².
    private static float SampleMomentum(ChainState state, ArrayView<float> momentum, int j, float z)
    {
        momentum[j] = z / MathF.Sqrt(state.InverseMass[j]);
        return 0.5f * z * z;
    }
}
