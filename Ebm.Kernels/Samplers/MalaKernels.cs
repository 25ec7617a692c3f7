using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Samplers;

/// <summary>Metropolis-adjusted Langevin (MALA): K fused steps per chain.</summary>
/// <remarks>
/// Preconditioned by the diagonal inverse mass matrix M⁻¹ (identity unless adapted): proposal
/// y = x − ε M⁻¹∇U(x) + √(2ε) M^−½ ξ with U = E/T; log q(y | x) = −Σⱼ (y − x + ε M⁻¹∇U(x))ⱼ² / (4ε M⁻¹ⱼ) + const;
/// accept with min(1, exp(U(x) − U(y) + log q(x | y) − log q(y | x))).
/// </remarks>
public static class MalaKernels
{
    /// <summary>Advances chain <paramref name="chain"/> by <see cref="SamplerSettings.Steps"/> MALA transitions.</summary>
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
        float beta = settings.InverseTemperature;
        for (int step = 0; step < settings.Steps; step++)
        {
            var random = new PhiloxStream(settings.Seed, (uint)c, settings.FirstStep + (ulong)step);
            float epsilon = state.StepSizes[c], noise = MathF.Sqrt(2 * epsilon);
            for (int j = 0; j < d; j += 2)
            {
                float first = random.NextNormalPair(out float second);
                proposal[j] = Propose(state, position, gradient, j, epsilon * beta, noise, first);
                if (j + 1 < d)
                    proposal[j + 1] = Propose(state, position, gradient, j + 1, epsilon * beta, noise, second);
            }
            float proposalEnergy = energy.EnergyAndGradient(proposal, proposalGradient, c);
            float forward = 0, backward = 0; // M-norms of y − x + εM⁻¹∇U(x) and x − y + εM⁻¹∇U(y)
            for (int j = 0; j < d; j++)
            {
                float inverseMass = state.InverseMass[j];
                float f = proposal[j] - position[j] + epsilon * beta * inverseMass * gradient[j];
                float b = position[j] - proposal[j] + epsilon * beta * inverseMass * proposalGradient[j];
                forward += f * f / inverseMass;
                backward += b * b / inverseMass;
            }
            float logRatio = beta * (state.Energies[c] - proposalEnergy) - (backward - forward) / (4 * epsilon);
            if (!float.IsFinite(proposalEnergy))
                state.Divergent[c] += 1;
            bool accepted = ChainUpdate.Accept(logRatio, ref random, out float probability);
            if (accepted)
                ChainUpdate.TakeProposal(state, c, proposalEnergy);
            ChainUpdate.Record(state, settings, c, step, accepted, probability);
            ChainUpdate.RecordDraw(state, settings, draws, c, chains, step);
        }
    }

    // yⱼ = xⱼ − εβ M⁻¹ⱼ ∂ⱼE + √(2ε M⁻¹ⱼ) ξ
    private static float Propose(ChainState state, ArrayView<float> position, ArrayView<float> gradient, int j, float drift, float noise, float normal)
    {
        float inverseMass = state.InverseMass[j];
        return position[j] - drift * inverseMass * gradient[j] + noise * MathF.Sqrt(inverseMass) * normal;
    }
}
