using Ebm.Kernels.Reductions;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Training;

/// <summary>The checked launcher of <see cref="ReductionKernels.WeightedColumnSums"/>: sums[p] = Σᵣ weights[r] · rows[r, p].</summary>
public static class ColumnReduction
{
    /// <summary>Reduces the [R, P] rows into P weighted column sums (one thread per column, rows summed in order).</summary>
    /// <param name="session">The session every buffer lives on.</param>
    /// <param name="rows">[R, P].</param>
    /// <param name="weights">[R].</param>
    /// <param name="sums">[P] output.</param>
    public static void WeightedSums(AcceleratorSession session, DeviceMatrix<float> rows, DeviceVector<float> weights, DeviceVector<float> sums)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(sums);
        if (rows.Rows != weights.Length || rows.Columns != sums.Length)
            throw new ArgumentException($"[{rows.Rows}, {rows.Columns}] rows need {rows.Rows} weights and {rows.Columns} sums, got {weights.Length} and {sums.Length}", nameof(rows));
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>>(
            (Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>)ReductionKernels.WeightedColumnSums);
        launch(session.Accelerator.DefaultStream, (int)sums.Length, rows.View, weights.View, sums.View);
    }
}
