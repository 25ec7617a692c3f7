namespace Ebm.Kernels.Samplers;

/// <summary>
/// The two decisions of <see cref="NutsTransition"/> that make it exact: when a trajectory has turned, and how likely a new
/// leaf or subtree is to become the candidate. <see cref="NutsRules"/> is the sampler's; the tests swap in broken ones to
/// show that the statistical tests reject them.
/// </summary>
public interface INutsRules
{
    /// <summary>Whether a trajectory has made a U-turn, from M⁻¹p·ρ' at its first and last leaf (ρ' its momentum sum less half of both end momenta).</summary>
    /// <param name="towardsFirst">M⁻¹p_first · ρ'.</param>
    /// <param name="towardsLast">M⁻¹p_last · ρ'.</param>
    /// <returns>True when it turned.</returns>
    bool Turned(float towardsFirst, float towardsLast);

    /// <summary>log of the probability that a new leaf or subtree of log weight <paramref name="logWeight"/> replaces the candidate (values ≥ 0 always do).</summary>
    /// <param name="logWeight">Its log weight, log Σ exp(H₀ − H) over its leaves.</param>
    /// <param name="logReference">The log weight it is measured against: the subtree's total with it (progressive uniform sampling), or the tree's without it (biased progressive sampling).</param>
    /// <returns>The log probability.</returns>
    float LogSelection(float logWeight, float logReference);
}
