using Ebm.Facade.Models;

namespace Ebm.Facade.Partition;

/// <summary>log Z by the midpoint rule on a grid (d ≤ 2), energies evaluated on the device in one batch.</summary>
/// <remarks>
/// log Z ≈ log Σ_cells exp(−E(mᵢ)/T) + log(cell volume), summed in float64 by log-sum-exp. The error estimate is
/// |log Z(n) − log Z(n/2)| + |log Z(box twice as wide) − log Z(box)|: the first term bounds the midpoint rule's
/// discretisation error, the second reveals mass outside the box — large for a learned energy whose tails fall
/// instead of rising (a model that is not normalisable), so such a log Z is never reported as precise.
/// </remarks>
public static class GridQuadrature
{
    /// <summary>Estimates log Z of <paramref name="model"/> on <paramref name="grid"/>.</summary>
    /// <param name="model">The model; its dimension must equal the grid's.</param>
    /// <param name="grid">The grid.</param>
    /// <returns>The estimate, method "quadrature".</returns>
    public static PartitionEstimate LogPartition(EnergyModel model, QuadratureGrid grid)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(grid);
        if (model.Dimension != grid.Dimension)
            throw new ArgumentException($"the model has dimension {model.Dimension}; quadrature grids have dimension 1 or 2 and this one {grid.Dimension}", nameof(grid));
        double fine = LogSum(model, grid);
        double coarse = LogSum(model, grid.Halved());
        double wide = LogSum(model, grid.Widened());
        return new PartitionEstimate(fine, Math.Abs(fine - coarse) + Math.Abs(wide - fine), "quadrature");
    }

    /// <summary>The normalised density exp(−E/T)/Z at every midpoint of <paramref name="grid"/> (for plots).</summary>
    /// <param name="model">The model.</param>
    /// <param name="grid">The grid.</param>
    /// <param name="logZ">log Z.</param>
    /// <returns>Densities in the order of <see cref="QuadratureGrid.Midpoints"/>.</returns>
    public static double[] Densities(EnergyModel model, QuadratureGrid grid, double logZ)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(grid);
        float[] energies = model.Energy(grid.Midpoints());
        return [.. energies.Select(energy => Math.Exp(-energy / model.Temperature - logZ))];
    }

    private static double LogSum(EnergyModel model, QuadratureGrid grid)
    {
        float[] energies = model.Energy(grid.Midpoints());
        int notANumber = energies.Count(float.IsNaN);
        if (notANumber > 0)
            throw new ArgumentException($"{notANumber} of {energies.Length} grid energies are NaN: the model is not finite on the grid", nameof(model));
        double max = double.NegativeInfinity;
        foreach (float energy in energies)
            max = Math.Max(max, -energy / model.Temperature);
        if (!double.IsFinite(max))
            throw new ArgumentException("every energy on the grid is infinite or NaN: the model is not normalisable there", nameof(model));
        double sum = 0;
        foreach (float energy in energies)
            sum += Math.Exp(-energy / model.Temperature - max);
        return max + Math.Log(sum) + Math.Log(grid.CellVolume);
    }
}
