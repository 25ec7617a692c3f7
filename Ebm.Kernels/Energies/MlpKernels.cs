using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// The MLP's own kernels: its batch parameter gradient Σₙ wₙ ∇θE(xₙ) without a per-row [N, P] matrix: one thread per row writes its trace
/// (N × <see cref="MlpEnergy.TraceStride"/> floats in all, about 2H per row against P), then one thread per parameter sums its
/// outer-product terms over the rows in order, so the bits do not depend on the launch.
/// </summary>
public static class MlpKernels
{
    /// <summary>energies[n] = E(points[n]) and row n of <paramref name="traces"/> = its trace.</summary>
    /// <param name="n">The row (also its workspace slot).</param>
    /// <param name="energy">The network.</param>
    /// <param name="points">[N, d] row-major.</param>
    /// <param name="energies">[N].</param>
    /// <param name="traces">[N, <see cref="MlpEnergy.TraceStride"/>] row-major.</param>
    public static void Traces(Index1D n, MlpEnergy energy, ArrayView<float> points, ArrayView<float> energies, ArrayView<float> traces)
    {
        int stride = energy.TraceStride;
        energies[n] = energy.EnergyAndTrace(PointLayout.RowMajor(energy.Dimension).Of(points, n), traces.SubView((long)n.X * stride, stride), n);
    }

    /// <summary>gradient[p] = Σₙ weights[n] · ∂E(xₙ)/∂θ_p.</summary>
    /// <param name="p">The parameter (adjacent threads take adjacent inputs of one unit, so they read adjacent trace values).</param>
    /// <param name="energy">The network.</param>
    /// <param name="traces">[N, <see cref="MlpEnergy.TraceStride"/>] from <see cref="Traces"/>.</param>
    /// <param name="weights">[N].</param>
    /// <param name="gradient">[P] output.</param>
    public static void WeightedParameterGradient(Index1D p, MlpEnergy energy, ArrayView<float> traces, ArrayView<float> weights, ArrayView<float> gradient) =>
        gradient[p] = energy.WeightedParameterGradient(p, traces, weights);
}
