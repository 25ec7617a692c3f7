using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>
/// The proposal q of a <see cref="MetropolisTransition{TProposal}"/>: draws y ~ q(· | x) into the chain's proposal row, and
/// gives the Hastings correction log q(x | y) − log q(y | x) once E and ∇ₓE at y are known.
/// </summary>
public interface IMetropolisProposal
{
    /// <summary>Writes y ~ q(· | x) into the chain's proposal row, from its position x, ∇ₓE(x) and step size.</summary>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="random">The chain's stream at this step.</param>
    void Propose(ChainState state, SamplerSettings settings, int chain, ref PhiloxStream random);

    /// <summary>log q(x | y) − log q(y | x) for the chain's position x and proposal y, with ∇ₓE at both in the state.</summary>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <returns>The correction: 0 for a symmetric proposal.</returns>
    float LogCorrection(ChainState state, SamplerSettings settings, int chain);
}
