using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>
/// One MCMC transition of one chain: the body of the fused K-step loop of <see cref="ChainDriver"/>, which is generic
/// over the energy and over this struct (a new sampler is a new struct, not a new copy of the loop).
/// </summary>
/// <remarks>
/// A transition starts from the chain's invariant (energy and gradient current at the position, see
/// <see cref="ChainState"/>), restores it before it returns, and does its own bookkeeping through
/// <see cref="ChainUpdate"/> (acceptance, divergences, step-size adaptation). Its parameters are the struct's fields.
/// </remarks>
public interface ITransition
{
    /// <summary>Moves chain <paramref name="chain"/> by one transition.</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="energy">The energy (the chain index is its workspace slot).</param>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="step">The step within the launch (0-based).</param>
    /// <param name="random">The chain's stream at this step.</param>
    void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy;

    /// <summary>What is wrong with the transition's parameters, or null when they are valid (checked on the host before a launch).</summary>
    string? Problem { get; }
}
