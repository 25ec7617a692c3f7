using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Samplers;

/// <summary>Random-walk Metropolis–Hastings with Gaussian proposals y = x + ε ξ: K fused steps per chain.</summary>
public static class RandomWalkKernels
{
    /// <summary>Advances chain <paramref name="chain"/> by <see cref="SamplerSettings.Steps"/> transitions.</summary>
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
            // The gradient is kept current so that every sampler can resume from this state.
            float proposalEnergy = energy.EnergyAndGradient(proposal, state.Row(state.ProposalGradients, c), c);
            if (!float.IsFinite(proposalEnergy))
                state.Divergent[c] += 1;
            float logRatio = settings.InverseTemperature * (state.Energies[c] - proposalEnergy);
            bool accepted = ChainUpdate.Accept(logRatio, ref random, out float probability);
            if (accepted)
                ChainUpdate.TakeProposal(state, c, proposalEnergy);
            ChainUpdate.Record(state, settings, c, step, accepted, probability);
            ChainUpdate.RecordDraw(state, settings, draws, c, chains, step);
        }
    }
}
