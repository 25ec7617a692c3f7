using Ebm.Facade.Partition;

namespace Ebm.Cli.Plots;

/// <summary>Writes the command line's figures as PNG files, rendered headless by ScottPlot 5 through SkiaSharp.</summary>
/// <remarks>
/// <para>
/// Each method renders the whole image in memory, then writes it to a temporary file in the target's folder and
/// renames it over the target (<see cref="Ebm.Facade.IO.AtomicFile"/>): a failure never leaves a half-written PNG.
/// The folder must exist.
/// </para>
/// <para>
/// Text uses DejaVu Sans, embedded in this assembly, so figures look the same on every machine and need no system
/// font (SkiaSharp's dependency-free Linux build has no fontconfig). The first figure of a process takes roughly
/// half a second longer than later ones: SkiaSharp's native library and the font load then, and the code is jitted.
/// </para>
/// <para>Coordinates are named x[0], x[1], … (zero-based, as in the .npy files). Scatter panels draw at most
/// 20,000 points, spread evenly over the set, and say so in their titles; non-finite values are left out.</para>
/// </remarks>
public static class PlotWriter
{
    /// <summary>
    /// Training data and model samples as two scatter panels side by side (1200×600), with the same axis limits:
    /// the union of both sets' ranges widened by 5%. Only the first two coordinates are drawn.
    /// </summary>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="data">Training data, [N, d] with d ≥ 2.</param>
    /// <param name="samples">Model samples, [M, d] with the same d.</param>
    /// <param name="title">The figure title.</param>
    public static void DataVersusSamples(string path, float[,] data, float[,] samples, string title)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(title);
        if (data.GetLength(1) < 2)
            throw new ArgumentException($"data must have at least 2 columns to scatter; got [{data.GetLength(0)}, {data.GetLength(1)}]", nameof(data));
        if (samples.GetLength(1) != data.GetLength(1))
            throw new ArgumentException($"samples must have the same columns as data ({data.GetLength(1)}); got [{samples.GetLength(0)}, {samples.GetLength(1)}]", nameof(samples));
        Figure.Write(path, DataVersusSamplesFigure.Render(data, samples, title));
    }

    /// <summary>
    /// A 2-D density on a grid of cells as a heat map (800×700) with a colour bar, contour lines around the
    /// 50%, 90% and 99% highest-density regions, and optional points drawn on top.
    /// </summary>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="lowerCorner">The box's lower corner (x[0], x[1]).</param>
    /// <param name="upperCorner">The box's upper corner, above the lower one on both axes.</param>
    /// <param name="resolution">Cells per axis (at least 2).</param>
    /// <param name="densities">
    /// The density exp(−E)/Z at each cell midpoint, resolution² values in the order of
    /// <see cref="QuadratureGrid.Midpoints"/>: row-major over axes with the last axis fastest, so the value at
    /// cell (i0, i1), i0 along x[0] and i1 along x[1], is densities[i0·resolution + i1]. x[0] runs left to right,
    /// x[1] bottom to top. Non-finite values are left transparent.
    /// </param>
    /// <param name="title">The figure title.</param>
    /// <param name="overlayPoints">Points to draw on top, [N, ≥ 2] (the first two coordinates are used), or null.</param>
    /// <remarks>
    /// A highest-density region at mass fraction f is the set of cells with the highest densities that together
    /// hold f of the grid's mass; its contour is traced by marching squares through the cell midpoints.
    /// </remarks>
    public static void DensityHeatmap(string path, IReadOnlyList<double> lowerCorner, IReadOnlyList<double> upperCorner, int resolution,
        IReadOnlyList<double> densities, string title, float[,]? overlayPoints = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(lowerCorner);
        ArgumentNullException.ThrowIfNull(upperCorner);
        ArgumentNullException.ThrowIfNull(densities);
        ArgumentNullException.ThrowIfNull(title);
        if (lowerCorner.Count != 2 || upperCorner.Count != 2)
            throw new ArgumentException($"the density heat map needs 2-D corners; got {lowerCorner.Count} and {upperCorner.Count} values", nameof(upperCorner));
        for (int axis = 0; axis < 2; axis++)
        {
            if (!double.IsFinite(lowerCorner[axis]) || !double.IsFinite(upperCorner[axis]) || !(upperCorner[axis] > lowerCorner[axis]))
                throw new ArgumentException($"bounds of axis {axis} must be finite with lower < upper; got [{lowerCorner[axis]}, {upperCorner[axis]}]", nameof(upperCorner));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        if (densities.Count != (long)resolution * resolution)
            throw new ArgumentException($"densities must hold resolution² = {(long)resolution * resolution} values; got {densities.Count}", nameof(densities));
        if (overlayPoints is not null && overlayPoints.GetLength(1) < 2)
            throw new ArgumentException($"overlay points need at least 2 columns; got [{overlayPoints.GetLength(0)}, {overlayPoints.GetLength(1)}]", nameof(overlayPoints));
        var plot = DensityHeatmapFigure.Create(lowerCorner, upperCorner, resolution, densities, title, overlayPoints);
        Figure.Write(path, DensityHeatmapFigure.Render(plot));
    }

    /// <summary>The density heat map over a 2-D quadrature grid; see the overload with explicit corners.</summary>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="grid">A 2-D grid.</param>
    /// <param name="densities">The density at each of <paramref name="grid"/>'s midpoints, in their order.</param>
    /// <param name="title">The figure title.</param>
    /// <param name="overlayPoints">Points to draw on top, [N, ≥ 2], or null.</param>
    public static void DensityHeatmap(string path, QuadratureGrid grid, IReadOnlyList<double> densities, string title, float[,]? overlayPoints = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Dimension != 2)
            throw new ArgumentException($"the density heat map needs a 2-D grid; got {grid.Dimension}-D", nameof(grid));
        DensityHeatmap(path, grid.Lower, grid.Upper, grid.Resolution, densities, title, overlayPoints);
    }

    /// <summary>
    /// Training curves against iteration as stacked panels sharing the iteration axis (1000×900): the loss; the mean
    /// energies of the data (positive phase) and of the model samples (negative phase); and, when
    /// <see cref="TrainingHistory.Nll"/> is not empty, the negative log-likelihood at its own evaluation iterations.
    /// </summary>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="history">The recorded history.</param>
    /// <param name="title">The figure title.</param>
    public static void TrainingCurves(string path, TrainingHistory history, string title)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(title);
        history.Validate();
        Figure.Write(path, TrainingCurvesFigure.Render(history, title));
    }

    /// <summary>
    /// Images in a grid of 8 columns, at most 64 of them, each magnified to about 96 pixels (for image models: the final
    /// draw of the first 64 chains, or a training run's data and samples).
    /// </summary>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="images">[n, height·width] row-major grayscale pixels in [0, 1] (1 white).</param>
    /// <param name="height">Image rows.</param>
    /// <param name="width">Image columns.</param>
    /// <param name="title">The figure title.</param>
    public static void ImageGrid(string path, float[,] images, int height, int width, string title)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(images);
        if (height < 1 || width < 1 || images.GetLength(1) != height * width || images.GetLength(0) < 1)
            throw new ArgumentException($"images of {height} × {width} pixels need [n ≥ 1, {height * width}] values; got [{images.GetLength(0)}, {images.GetLength(1)}]", nameof(images));
        Figure.Write(path, ImageGridFigure.Render(images, height, width, title));
    }

    /// <summary>Density histograms of data and sample energies on one axis (900×500), for a training run's checkpoints.</summary>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="dataEnergies">E of data points (at least one finite).</param>
    /// <param name="sampleEnergies">E of model samples.</param>
    /// <param name="title">The figure title.</param>
    public static void EnergyHistograms(string path, IReadOnlyList<float> dataEnergies, IReadOnlyList<float> sampleEnergies, string title)
    {
        ArgumentNullException.ThrowIfNull(dataEnergies);
        ArgumentNullException.ThrowIfNull(sampleEnergies);
        double[] data = [.. dataEnergies.Select(value => (double)value)], samples = [.. sampleEnergies.Select(value => (double)value)];
        if (!data.Concat(samples).Any(double.IsFinite))
            throw new ArgumentException("no finite energy to draw", nameof(dataEnergies));
        Figure.Write(path, EnergyHistogramFigure.Render(data, samples, title));
    }

    /// <summary>The side n of the square images that points of d = n² values are (n ≥ 8, as 28 × 28 for Fashion-MNIST), or null.</summary>
    /// <param name="dimension">d.</param>
    /// <returns>n, or null.</returns>
    public static int? ImageSide(int dimension)
    {
        int side = (int)Math.Round(Math.Sqrt(dimension));
        return side >= 8 && side * side == dimension ? side : null;
    }

    /// <summary>The last draw of the first 64 chains as a grid of <paramref name="side"/> × <paramref name="side"/> images (for <c>ebm sample --plot</c> on an image model).</summary>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="draws">[drawCount, chains, side²] row-major.</param>
    /// <param name="drawCount">Draws per chain (at least 1).</param>
    /// <param name="chains">Chains (at least 1).</param>
    /// <param name="side">The image side.</param>
    /// <param name="title">The figure title.</param>
    public static void FinalDraws(string path, float[] draws, int drawCount, int chains, int side, string title)
    {
        ArgumentNullException.ThrowIfNull(draws);
        int d = side * side, shown = Math.Min(chains, ImageGridFigure.Columns * ImageGridFigure.Columns);
        if (drawCount < 1 || chains < 1 || draws.LongLength != (long)drawCount * chains * d)
            throw new ArgumentException($"[{drawCount}, {chains}, {d}] draws need {(long)drawCount * chains * d} values; got {draws.LongLength}", nameof(draws));
        var images = new float[shown, d];
        long last = (long)(drawCount - 1) * chains * d;
        for (int c = 0; c < shown; c++)
        {
            for (int p = 0; p < d; p++)
                images[c, p] = draws[last + (long)c * d + p];
        }
        ImageGrid(path, images, side, side, $"{title}: the last of {drawCount} draws of {shown} chains");
    }

    /// <summary>
    /// An overview of MCMC draws (for <c>ebm sample --plot</c>), 1200 pixels wide. d = 1: a histogram of all draws
    /// above a trace plot (height 800). d = 2: a scatter and a 2-D histogram of all draws above trace plots of both
    /// coordinates (height 1000). d ≥ 3: a corner plot of the first four coordinates (histograms on the diagonal,
    /// pairwise scatters below it) above their trace plots (height 1300). Trace plots show the first four chains.
    /// </summary>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="draws">The draws, row-major [drawCount, chains, dimension] (the layout of <c>ebm sample</c>'s .npy output).</param>
    /// <param name="drawCount">Draws per chain (at least 1).</param>
    /// <param name="chains">Chains (at least 1).</param>
    /// <param name="dimension">Coordinates per draw (at least 1).</param>
    /// <param name="title">A title placed before the shape of the draws, or null for the shape alone.</param>
    public static void SamplesOverview(string path, float[] draws, int drawCount, int chains, int dimension, string? title = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentOutOfRangeException.ThrowIfLessThan(drawCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        long expected = (long)drawCount * chains * dimension;
        if (draws.LongLength != expected)
            throw new ArgumentException($"draws must hold drawCount × chains × dimension = {expected} values; got {draws.LongLength}", nameof(draws));
        Figure.Write(path, SamplesOverviewFigure.Render(draws, drawCount, chains, dimension, title));
    }
}
