using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>Broken on purpose: the real NUTS transition run under rules with a planted bug.</summary>
/// <typeparam name="TRules">The broken rules.</typeparam>
/// <param name="nuts">The real transition, with its workspace and parameters.</param>
public readonly struct BrokenNutsTransition<TRules>(NutsTransition nuts) : ITransition
    where TRules : struct, INutsRules
{
    /// <inheritdoc/>
    public string? Problem => nuts.Problem;

    /// <inheritdoc/>
    public void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy =>
        nuts.Step(energy, state, settings, chain, step, ref random, default(TRules));
}

/// <summary>No multinomial weights: every new leaf and subtree becomes the candidate, so a transition ends at the trajectory's far end, uncorrected.</summary>
public readonly struct UnweightedSelection : INutsRules
{
    /// <inheritdoc/>
    public bool Turned(float towardsFirst, float towardsLast) => default(NutsRules).Turned(towardsFirst, towardsLast);

    /// <inheritdoc/>
    public float LogSelection(float logWeight, float logReference) => 0; // BUG: ignores the weights
}

/// <summary>A U-turn test on one side only: inside a subtree that side is its newest leaf, so the stopping rule depends on the direction the tree grew in.</summary>
public readonly struct OneSidedUTurn : INutsRules
{
    /// <inheritdoc/>
    public bool Turned(float towardsFirst, float towardsLast) => !(towardsLast > 0); // BUG: the first end is not checked

    /// <inheritdoc/>
    public float LogSelection(float logWeight, float logReference) => default(NutsRules).LogSelection(logWeight, logReference);
}
