using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Samplers;

/// <summary>The fused K-step chain loop every continuous sampler runs: one thread per chain, one launch for all K steps.</summary>
/// <remarks>
/// Step k of chain c draws from Philox stream (seed, c) at counter FirstStep + k, so a chain's trajectory does not depend
/// on how many chains run, on how the K steps are split into launches, or on the accelerator.
/// </remarks>
public static class ChainDriver
{
    /// <summary>Advances chain <paramref name="chain"/> by <see cref="SamplerSettings.Steps"/> transitions.</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <typeparam name="TTransition">The transition.</typeparam>
    /// <param name="chain">The chain (also the energy's workspace slot).</param>
    /// <param name="energy">The energy.</param>
    /// <param name="transition">The transition and its parameters.</param>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="draws">[K/Thin, C, d] recorded draws (unused when Thin is 0).</param>
    public static void Run<TEnergy, TTransition>(Index1D chain, TEnergy energy, TTransition transition, ChainState state,
        SamplerSettings settings, ArrayView<float> draws)
        where TEnergy : struct, IEnergy
        where TTransition : struct, ITransition =>
        Advance(chain.X, energy, transition, state, settings, draws);

    /// <summary>The loop of <see cref="Run{TEnergy, TTransition}"/>, for kernels that move chains inside a larger scheme (AIS).</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <typeparam name="TTransition">The transition.</typeparam>
    /// <param name="chain">The chain.</param>
    /// <param name="energy">The energy.</param>
    /// <param name="transition">The transition.</param>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="draws">[K/Thin, C, d] recorded draws.</param>
    public static void Advance<TEnergy, TTransition>(int chain, TEnergy energy, TTransition transition, ChainState state,
        SamplerSettings settings, ArrayView<float> draws)
        where TEnergy : struct, IEnergy
        where TTransition : struct, ITransition
    {
        int chains = (int)state.Energies.Length;
        for (int step = 0; step < settings.Steps; step++)
        {
            var random = new PhiloxStream(settings.Seed, settings.FirstChain + (uint)chain, settings.FirstStep + (ulong)step);
            transition.Step(energy, state, settings, chain, step, ref random);
            ChainUpdate.RecordDraw(state, settings, draws, chain, chains, step);
        }
    }

    /// <summary>
    /// The fused K-step loop for a work-group of chains that evaluate the energy together (an explicitly grouped kernel, one
    /// work-item per chain): every energy evaluation of a step is one for the whole group, which shares each weight it loads
    /// among its chains (<see cref="IGroupTransition"/>). Bit for bit the trajectories of <see cref="Run"/>.
    /// </summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <typeparam name="TTransition">The transition.</typeparam>
    /// <param name="energy">The energy, with a workspace slot for every work-item of the launch (whole groups).</param>
    /// <param name="transition">The transition and its parameters.</param>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="draws">[K/Thin, C, d] recorded draws (unused when Thin is 0).</param>
    /// <remarks>
    /// Work-items past the last chain (the last group's tail) evaluate points of the last chain, so that every work-item
    /// meets the group's barriers, and write nothing.
    /// </remarks>
    [GroupedKernel]
    public static void RunInGroups<TEnergy, TTransition>(TEnergy energy, TTransition transition, ChainState state, SamplerSettings settings,
        ArrayView<float> draws)
        where TEnergy : struct, IGroupEnergy
        where TTransition : struct, IGroupTransition
    {
        int slot = Grid.GlobalIndex.X, chains = (int)state.Energies.Length;
        bool owned = slot < chains;
        int chain = owned ? slot : chains - 1;
        for (int step = 0; step < settings.Steps; step++)
        {
            var random = new PhiloxStream(settings.Seed, settings.FirstChain + (uint)chain, settings.FirstStep + (ulong)step);
            transition.StepInGroup(energy, state, settings, chain, slot, owned, step, ref random);
            if (owned)
                ChainUpdate.RecordDraw(state, settings, draws, chain, chains, step);
        }
    }

    /// <summary>Re-evaluates E and ∇ₓE of chain <paramref name="chain"/> at its position (after positions were written from outside).</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="chain">The chain (also the energy's workspace slot).</param>
    /// <param name="energy">The energy.</param>
    /// <param name="state">Every chain's state.</param>
    public static void Refresh<TEnergy>(Index1D chain, TEnergy energy, ChainState state)
        where TEnergy : struct, IEnergy =>
        state.Energies[chain] = energy.EnergyAndGradient(state.Of(state.Positions, chain), state.Of(state.Gradients, chain), chain);
}
