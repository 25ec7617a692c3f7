using ILGPU;

namespace Ebm.Kernels.Samplers;

/// <summary>Device views of every chain's state; chain c owns row c of each [C, d] or [C] view.</summary>
/// <remarks>
/// Invariant between launches: <see cref="Energies"/> and <see cref="Gradients"/> hold E and ∇ₓE at
/// <see cref="Positions"/>, so a step never re-evaluates the current point.
/// </remarks>
public struct ChainState
{
    /// <summary>Point dimension d.</summary>
    public int Dimension;

    /// <summary>[C, d] current positions.</summary>
    public ArrayView<float> Positions;

    /// <summary>[C, d] ∇ₓE at the positions.</summary>
    public ArrayView<float> Gradients;

    /// <summary>[C] E at the positions.</summary>
    public ArrayView<float> Energies;

    /// <summary>[C, d] scratch: proposals.</summary>
    public ArrayView<float> Proposals;

    /// <summary>[C, d] scratch: ∇ₓE at the proposals.</summary>
    public ArrayView<float> ProposalGradients;

    /// <summary>[C, d] scratch: HMC momenta.</summary>
    public ArrayView<float> Momenta;

    /// <summary>[C] per-chain step sizes ε.</summary>
    public ArrayView<float> StepSizes;

    /// <summary>[C] accepted proposals since the counters were reset.</summary>
    public ArrayView<int> Accepted;

    /// <summary>[C] divergent transitions (energy error above the threshold, or a non-finite energy).</summary>
    public ArrayView<int> Divergent;

    /// <summary>[C] Σ of Metropolis acceptance probabilities since the counters were reset.</summary>
    public ArrayView<float> AcceptanceSums;

    /// <summary>[C, 3] per-chain dual-averaging state: H̄, log ε̄, μ.</summary>
    public ArrayView<float> Adaptation;

    /// <summary>[d] diagonal of the inverse mass matrix M⁻¹ (HMC).</summary>
    public ArrayView<float> InverseMass;

    /// <summary>Row <paramref name="chain"/> of a [C, d] view.</summary>
    /// <param name="rows">The [C, d] view.</param>
    /// <param name="chain">The chain.</param>
    /// <returns>Its d values.</returns>
    public readonly ArrayView<float> Row(ArrayView<float> rows, int chain) => rows.SubView((long)chain * Dimension, Dimension);
}
