using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// The MLP's own kernels: its batch parameter gradient Σₙ wₙ ∇θE(xₙ) without a per-row [N, P] matrix: one thread per row, or
/// work-groups of rows evaluated together, write each row's trace (N × <see cref="MlpEnergy.TraceStride"/> floats in all, about 2H
/// per row against P), then each thread sums a tile of adjacent parameters' outer-product terms over the rows in order, so the
/// bits do not depend on the launch.
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

    /// <summary><see cref="Traces"/> with work-groups that evaluate their rows together: work-item n of the launch stages row n.</summary>
    /// <param name="energy">The network, with a workspace slot for every work-item of the launch (whole groups).</param>
    /// <param name="points">[N, d] row-major.</param>
    /// <param name="energies">[N].</param>
    /// <param name="traces">[N, <see cref="MlpEnergy.TraceStride"/>] row-major.</param>
    /// <remarks>Work-items past the last row evaluate a copy of it, so that every work-item meets the group's barriers, and write nothing.</remarks>
    [GroupedKernel]
    public static void TracesInGroups(MlpEnergy energy, ArrayView<float> points, ArrayView<float> energies, ArrayView<float> traces)
    {
        int slot = Grid.GlobalIndex.X, rows = (int)energies.Length, stride = energy.TraceStride;
        int row = Math.Min(slot, rows - 1);
        bool own = slot < rows;
        float e = energy.EnergyAndTraceInGroup(PointLayout.RowMajor(energy.Dimension).Of(points, row), traces.SubView((long)row * stride, stride), slot, own);
        if (own)
            energies[slot] = e;
    }

    /// <summary>gradient = Σₙ weights[n] · ∇θE(xₙ), a tile of adjacent parameters per thread (<see cref="MlpEnergy.WeightedParameterGradientTile"/>).</summary>
    /// <param name="tile">The tile.</param>
    /// <param name="energy">The network.</param>
    /// <param name="traces">[N, <see cref="MlpEnergy.TraceStride"/>] from <see cref="Traces"/> or <see cref="TracesInGroups"/>.</param>
    /// <param name="weights">[N].</param>
    /// <param name="gradient">[P] output.</param>
    public static void WeightedParameterGradient(Index1D tile, MlpEnergy energy, ArrayView<float> traces, ArrayView<float> weights, ArrayView<float> gradient) =>
        energy.WeightedParameterGradientTile(tile, traces, weights, gradient);
}
