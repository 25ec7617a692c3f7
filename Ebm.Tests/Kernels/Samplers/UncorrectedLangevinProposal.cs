using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>Broken on purpose: MALA's Langevin proposal without its Hastings correction, as if q were symmetric.</summary>
/// <remarks>In the test project, so <see cref="Support.KernelInventory"/> (which scans Ebm.Kernels) does not compile it.</remarks>
public readonly struct UncorrectedLangevinProposal : IMetropolisProposal
{
    public void Propose(ChainState state, SamplerSettings settings, int chain, ref PhiloxStream random) =>
        default(LangevinProposal).Propose(state, settings, chain, ref random);

    public float LogCorrection(ChainState state, SamplerSettings settings, int chain) => 0; // BUG: log q(x | y) − log q(y | x) is left out
}
