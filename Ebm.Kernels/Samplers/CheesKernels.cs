using ILGPU;

namespace Ebm.Kernels.Samplers;

/// <summary>
/// The cross-chain reductions of ChEES-HMC's warm-up (Hoffman, Radul &amp; Sountsov 2021), run on the device after one
/// HMC transition of every chain with a shared integration time t: the acceptance-weighted estimate of the gradient of
/// ChEES = ¼ E[(‖x' − E x'‖² − ‖x − E x‖²)²] with respect to log T, and the harmonic mean of the acceptance
/// probabilities, both over the chains that did not diverge.
/// </summary>
/// <remarks>
/// Per chain, with x the position before the transition, x' and p' the end of its trajectory (accepted or not), α its
/// acceptance probability and centred values taken about the cross-chain means: gᶜ = (‖x'−x̄'‖² − ‖x−x̄‖²) · (x'−x̄')ᵀM⁻¹p',
/// and ∂ChEES/∂log T ≈ t · Σ αᶜgᶜ / Σ αᶜ. The counters must have been reset before the transition, so that a chain's
/// acceptance sum is its α and its divergence count 0 or 1.
/// </remarks>
public static class CheesKernels
{
    /// <summary>Values per chain in the terms: αg, α, 1/α, 1 (each 0 for a divergent chain).</summary>
    public const int TermCount = 4;

    /// <summary>means[j] and means[d + j]: the means over non-divergent chains of coordinate j before and at the end of the transition.</summary>
    /// <param name="j">The coordinate.</param>
    /// <param name="initial">The positions before the transition, in the state's layout.</param>
    /// <param name="state">The chains after it.</param>
    /// <param name="means">[2d] output.</param>
    public static void Means(Index1D j, ArrayView<float> initial, ChainState state, ArrayView<float> means)
    {
        int chains = (int)state.Energies.Length, kept = 0;
        float before = 0, after = 0;
        for (int c = 0; c < chains; c++)
        {
            if (state.Divergent[c] != 0)
                continue;
            before += state.Of(initial, c)[j];
            after += state.Of(state.Proposals, c)[j];
            kept++;
        }
        means[j] = kept > 0 ? before / kept : 0;
        means[state.Dimension + j] = kept > 0 ? after / kept : 0;
    }

    /// <summary>Chain c's terms (see <see cref="TermCount"/>) into terms[4c … 4c + 3].</summary>
    /// <param name="c">The chain.</param>
    /// <param name="initial">The positions before the transition, in the state's layout.</param>
    /// <param name="state">The chains after it.</param>
    /// <param name="means">[2d] from <see cref="Means"/>.</param>
    /// <param name="terms">[C, 4] output.</param>
    public static void ChainTerms(Index1D c, ArrayView<float> initial, ChainState state, ArrayView<float> means, ArrayView<float> terms)
    {
        long row = (long)TermCount * c;
        float alpha = state.AcceptanceSums[c];
        bool divergent = state.Divergent[c] != 0;
        if (divergent || !(alpha > 0))
        {
            terms[row] = 0;
            terms[row + 1] = 0;
            terms[row + 2] = divergent ? 0 : float.PositiveInfinity; // a kept chain with α = 0 makes the harmonic mean 0
            terms[row + 3] = divergent ? 0 : 1;
            return;
        }
        int d = state.Dimension;
        var before = state.Of(initial, c);
        var after = state.Of(state.Proposals, c);
        var momentum = state.Of(state.Momenta, c);
        float spreadChange = 0, velocity = 0;
        for (int j = 0; j < d; j++)
        {
            float x = before[j] - means[j], y = after[j] - means[d + j];
            spreadChange += y * y - x * x;
            velocity += y * state.InverseMass[j] * momentum[j];
        }
        terms[row] = alpha * spreadChange * velocity;
        terms[row + 1] = alpha;
        terms[row + 2] = 1 / alpha;
        terms[row + 3] = 1;
    }

    /// <summary>One thread: sums[k] = Σ over chains of terms[4c + k], in chain order.</summary>
    /// <param name="thread">The only thread.</param>
    /// <param name="terms">[C, 4].</param>
    /// <param name="sums">[4] output.</param>
    public static void SumTerms(Index1D thread, ArrayView<float> terms, ArrayView<float> sums)
    {
        for (int k = 0; k < TermCount; k++)
        {
            float sum = 0;
            for (long row = k; row < terms.Length; row += TermCount)
                sum += terms[row];
            sums[k] = sum;
        }
    }
}
