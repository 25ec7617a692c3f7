using Ebm.Facade.Data;

namespace Ebm.Facade.Partition;

/// <summary>A box [lower, upper] in d ≤ 2 dimensions divided into Resolution cells per axis.</summary>
public sealed record QuadratureGrid
{
    /// <summary>Creates and validates the grid.</summary>
    /// <param name="lower">Lower corner.</param>
    /// <param name="upper">Upper corner, strictly above <paramref name="lower"/>.</param>
    /// <param name="resolution">Cells per axis, even and ≥ 4 (the error estimate halves it).</param>
    public QuadratureGrid(IReadOnlyList<double> lower, IReadOnlyList<double> upper, int resolution)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Count is < 1 or > 2 || upper.Count != lower.Count)
            throw new ArgumentException($"quadrature needs matching 1-D or 2-D bounds; got {lower.Count} and {upper.Count} values", nameof(upper));
        for (int i = 0; i < lower.Count; i++)
        {
            if (!double.IsFinite(lower[i]) || !double.IsFinite(upper[i]) || !(upper[i] > lower[i]))
                throw new ArgumentException($"bounds of axis {i} must be finite with lower < upper; got [{lower[i]}, {upper[i]}]", nameof(upper));
        }
        if (resolution < 4 || resolution % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "resolution must be even and at least 4");
        Lower = [.. lower];
        Upper = [.. upper];
        Resolution = resolution;
    }

    /// <summary>Lower corner.</summary>
    public IReadOnlyList<double> Lower { get; }

    /// <summary>Upper corner.</summary>
    public IReadOnlyList<double> Upper { get; }

    /// <summary>Cells per axis.</summary>
    public int Resolution { get; }

    /// <summary>The dimension (1 or 2).</summary>
    public int Dimension => Lower.Count;

    /// <summary>The bounding box of <paramref name="points"/>, widened by <paramref name="margin"/> of its extent on each side.</summary>
    /// <param name="points">[N, d] points, d ≤ 2.</param>
    /// <param name="margin">Fraction of the extent added on each side.</param>
    /// <param name="resolution">Cells per axis.</param>
    /// <returns>The grid.</returns>
    public static QuadratureGrid Around(float[,] points, double margin, int resolution)
    {
        var (lower, upper) = BoundingBox.Of(points, margin);
        return new QuadratureGrid(lower, upper, resolution);
    }

    /// <summary>The same box with half the resolution.</summary>
    public QuadratureGrid Halved() => new(Lower, Upper, Resolution / 2);

    /// <summary>A box twice as wide along every axis around the same centre, with the same resolution.</summary>
    public QuadratureGrid Widened() => new(
        [.. Lower.Select((low, axis) => low - 0.5 * (Upper[axis] - low))],
        [.. Upper.Select((high, axis) => high + 0.5 * (high - Lower[axis]))],
        Resolution);

    /// <summary>The cell midpoints, row-major over axes (the last axis fastest).</summary>
    public float[,] Midpoints()
    {
        int count = Dimension == 1 ? Resolution : Resolution * Resolution;
        var points = new float[count, Dimension];
        for (int index = 0; index < count; index++)
        {
            int remainder = index;
            for (int axis = Dimension - 1; axis >= 0; axis--)
            {
                int cell = remainder % Resolution;
                remainder /= Resolution;
                points[index, axis] = (float)(Lower[axis] + (cell + 0.5) * CellWidth(axis));
            }
        }
        return points;
    }

    /// <summary>The width of a cell along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis.</param>
    /// <returns>(upper − lower)/Resolution.</returns>
    public double CellWidth(int axis) => (Upper[axis] - Lower[axis]) / Resolution;

    /// <summary>The volume of one cell.</summary>
    public double CellVolume => Enumerable.Range(0, Dimension).Aggregate(1.0, (volume, axis) => volume * CellWidth(axis));
}
