using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>Broken on purpose: random-walk Metropolis with the log ratio's sign flipped, min(1, exp(β(E(y) − E(x)))).</summary>
/// <remarks>In the test project, so <see cref="Support.KernelInventory"/> (which scans Ebm.Kernels) does not compile it.</remarks>
public readonly struct WrongSignMetropolisTransition : ITransition
{
    /// <inheritdoc/>
    public string? Problem => null;

    /// <inheritdoc/>
    public void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy
    {
        float proposalEnergy = RandomWalkTransition.Propose(energy, state, chain, ref random);
        float logRatio = settings.InverseTemperature * (proposalEnergy - state.Energies[chain]); // BUG: E(x) − E(y) is right
        ChainUpdate.Decide(state, settings, chain, step, logRatio, proposalEnergy, ref random);
    }
}
