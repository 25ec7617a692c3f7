using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// An energy E(x) over points of <see cref="Dimension"/> coordinates: the contract every sampler,
/// evaluation and training kernel is generic over (one specialised kernel per energy struct).
/// </summary>
/// <remarks>
/// Lower energy = more likely: p(x) = exp(−E(x)/T)/Z. Implementations are <c>readonly struct</c>s
/// holding <see cref="ArrayView{T}"/>s of their parameters. <c>slot</c> arguments name a
/// per-thread workspace slot (the point or chain index) for energies that need scratch memory, such
/// as an MLP's activations; analytic energies ignore it.
/// </remarks>
public interface IEnergy
{
    /// <summary>The number of coordinates of a point.</summary>
    int Dimension { get; }

    /// <summary>E(x).</summary>
    /// <param name="point">The point, <see cref="Dimension"/> values.</param>
    /// <param name="slot">The workspace slot this thread owns (its point or chain index).</param>
    /// <returns>The energy.</returns>
    float Energy(PointView point, int slot);

    /// <summary>E(x) and ∇ₓE(x) in one pass.</summary>
    /// <param name="point">The point, <see cref="Dimension"/> values.</param>
    /// <param name="gradient">Receives ∇ₓE, <see cref="Dimension"/> values.</param>
    /// <param name="slot">The workspace slot this thread owns (its point or chain index).</param>
    /// <returns>The energy.</returns>
    float EnergyAndGradient(PointView point, PointView gradient, int slot);
}
