using Ebm.Runtime.Memory;

namespace Ebm.Runtime.Energies;

/// <summary>
/// The weighted parameter gradient of a batch, g = Σₙ wₙ ∇θE(xₙ), in two launches so that the weights may depend on the
/// energies (contrastive divergence's regulariser does): <see cref="Evaluate"/> computes the energies and whatever the
/// energy needs per row, <see cref="Reduce"/> the sum. Both stay on the device, and the same inputs give the same bits.
/// </summary>
public interface IBatchParameterGradient : IDisposable
{
    /// <summary>The rows N a batch has.</summary>
    int Rows { get; }

    /// <summary>energies[n] = E(points[n]), keeping what <see cref="Reduce"/> needs.</summary>
    /// <param name="points">[N, d].</param>
    /// <param name="energies">[N].</param>
    void Evaluate(DeviceMatrix<float> points, DeviceVector<float> energies);

    /// <summary>gradient = Σₙ weights[n] ∇θE(points[n]) for the points of the last <see cref="Evaluate"/>.</summary>
    /// <param name="weights">[N].</param>
    /// <param name="gradient">[P] output.</param>
    void Reduce(DeviceVector<float> weights, DeviceVector<float> gradient);
}
