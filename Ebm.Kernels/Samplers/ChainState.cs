using Ebm.Kernels.Energies;
using ILGPU;

namespace Ebm.Kernels.Samplers;

/// <summary>Device views of every chain's state: per-coordinate [C, d] views are laid out as <see cref="Layout"/> says, [C] views hold one value per chain.</summary>
/// <remarks>
/// Invariant between launches: <see cref="Energies"/> and <see cref="Gradients"/> hold E and ∇ₓE at
/// <see cref="Positions"/>, so a step never re-evaluates the current point.
/// </remarks>
public struct ChainState
{
    /// <summary>Point dimension d.</summary>
    public int Dimension;

    /// <summary>The layout of the per-coordinate views, chosen per accelerator by the chain pool (blocked by 16 chains on GPUs and OpenCL, row-major on ILGPU's CPU accelerator).</summary>
    public PointLayout Layout;

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

    /// <summary>Chain <paramref name="chain"/>'s d coordinates in a per-coordinate view (positions, gradients, proposals, momenta).</summary>
    /// <param name="values">The view, laid out as <see cref="Layout"/> says.</param>
    /// <param name="chain">The chain.</param>
    /// <returns>Its coordinates.</returns>
    public readonly PointView Of(ArrayView<float> values, int chain) => Layout.Of(values, chain);
}
