using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Samplers;

/// <summary>Pieces shared by the sampler kernels: acceptance, bookkeeping, draw recording, adaptation.</summary>
public static class ChainUpdate
{
    /// <summary>Metropolis test: accepts with probability min(1, exp(logRatio)); NaN rejects.</summary>
    /// <remarks>
    /// NaN is tested explicitly: a comparison with NaN must not decide acceptance, because OpenCL compilers (PoCL
    /// among them) may evaluate unordered comparisons as ordered ones and accept a NaN ratio. One random word is
    /// consumed in every case, so the streams stay aligned across backends.
    /// </remarks>
    /// <param name="logRatio">log of the acceptance ratio.</param>
    /// <param name="random">The chain's stream (one word is used).</param>
    /// <param name="probability">Receives min(1, exp(logRatio)), 0 for NaN.</param>
    /// <returns>True to accept.</returns>
    public static bool Accept(float logRatio, ref PhiloxStream random, out float probability)
    {
        float u = random.NextUniformOpenLow();
        if (float.IsNaN(logRatio))
        {
            probability = 0;
            return false;
        }
        if (logRatio > 0)
        {
            probability = 1;
            return true;
        }
        probability = MathF.Exp(logRatio);
        return MathF.Log(u) < logRatio;
    }

    /// <summary>Moves the accepted proposal (point, gradient, energy) into the chain's state.</summary>
    /// <param name="state">The state.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="energy">E at the proposal.</param>
    public static void TakeProposal(ChainState state, int chain, float energy)
    {
        var position = state.Of(state.Positions, chain);
        var gradient = state.Of(state.Gradients, chain);
        var proposal = state.Of(state.Proposals, chain);
        var proposalGradient = state.Of(state.ProposalGradients, chain);
        for (int j = 0; j < state.Dimension; j++)
        {
            position[j] = proposal[j];
            gradient[j] = proposalGradient[j];
        }
        state.Energies[chain] = energy;
    }

    /// <summary>The Metropolis decision on a proposal whose energy and gradient are in the proposal rows: accept or keep, then record.</summary>
    /// <param name="state">The state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="step">The step within the launch.</param>
    /// <param name="logRatio">log of the acceptance ratio; NaN rejects.</param>
    /// <param name="proposalEnergy">E at the proposal.</param>
    /// <param name="random">The chain's stream (one word is used).</param>
    public static void Decide(ChainState state, SamplerSettings settings, int chain, int step, float logRatio, float proposalEnergy,
        ref PhiloxStream random)
    {
        bool accepted = Accept(logRatio, ref random, out float probability);
        if (accepted)
            TakeProposal(state, chain, proposalEnergy);
        Record(state, settings, chain, step, accepted, probability);
    }

    /// <summary>
    /// <see cref="Decide"/> on a proposal whose energy may be non-finite: such a proposal is counted as divergent, then
    /// decided as any other.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="step">The step within the launch.</param>
    /// <param name="logRatio">log of the acceptance ratio.</param>
    /// <param name="proposalEnergy">E at the proposal.</param>
    /// <param name="random">The chain's stream (one word is used).</param>
    public static void DecideProposal(ChainState state, SamplerSettings settings, int chain, int step, float logRatio, float proposalEnergy,
        ref PhiloxStream random)
    {
        if (!float.IsFinite(proposalEnergy))
            state.Divergent[chain] += 1;
        Decide(state, settings, chain, step, logRatio, proposalEnergy, ref random);
    }

    /// <summary>Counts the transition and, when adapting, updates the chain's step size by dual averaging.</summary>
    /// <param name="state">The state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="step">The step within the launch.</param>
    /// <param name="accepted">Whether the proposal was accepted.</param>
    /// <param name="probability">The acceptance probability.</param>
    public static void Record(ChainState state, SamplerSettings settings, int chain, int step, bool accepted, float probability)
    {
        if (accepted)
            state.Accepted[chain] += 1;
        state.AcceptanceSums[chain] += probability;
        if (settings.Adaptation != StepSizeAdaptation.DualAveraging)
            return;
        long row = (long)chain * 3;
        float hBar = state.Adaptation[row], logStepBar = state.Adaptation[row + 1];
        float logStep = DualAveraging.Update(settings.AdaptationIteration + step + 1, probability, settings.TargetAcceptance,
            state.Adaptation[row + 2], ref hBar, ref logStepBar);
        state.Adaptation[row] = hBar;
        state.Adaptation[row + 1] = logStepBar;
        state.StepSizes[chain] = MathF.Exp(logStep);
    }

    /// <summary>Writes the chain's position as draw (step + 1)/Thin − 1 when step + 1 is a multiple of Thin.</summary>
    /// <param name="state">The state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="draws">[K/Thin, C, d].</param>
    /// <param name="chain">The chain.</param>
    /// <param name="chains">C.</param>
    /// <param name="step">The step within the launch.</param>
    public static void RecordDraw(ChainState state, SamplerSettings settings, ArrayView<float> draws, int chain, int chains, int step)
    {
        if (settings.Thin <= 0 || (step + 1) % settings.Thin != 0)
            return;
        long draw = (step + 1) / settings.Thin - 1;
        long offset = (draw * chains + chain) * state.Dimension;
        var position = state.Of(state.Positions, chain);
        for (int j = 0; j < state.Dimension; j++)
            draws[offset + j] = position[j];
    }
}
