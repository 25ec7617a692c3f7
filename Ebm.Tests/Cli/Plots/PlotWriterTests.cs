using Ebm.Cli.Plots;
using Ebm.Facade.Partition;
using Ebm.Tests.Facade.IO;
using ScottPlot;
using SkiaSharp;

namespace Ebm.Tests.Cli.Plots;

/// <remarks>
/// Set EBM_PLOT_EXAMPLES to a folder to keep a copy of every PNG these tests write (to look at them).
/// "Not tiny" thresholds: a blank white figure of these sizes encodes to under 10 KB.
/// </remarks>
[TestFixture]
public sealed class PlotWriterTests
{
    private TemporaryFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TemporaryFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public void DataVersusSamplesWritesA1200By600Png()
    {
        var random = new Random(1);
        var data = Ring(random, 2000, spread: 0.15);
        var samples = Ring(random, 3000, spread: 0.3);
        string path = folder.File("data-vs-samples.png");

        PlotWriter.DataVersusSamples(path, data, samples, "8 Gaussians: data against MALA samples");

        AssertPng(path, 1200, 600, minBytes: 40_000);
    }

    [Test]
    public void DataVersusSamplesRejectsOneColumnAndMismatchedColumns()
    {
        string path = folder.File("bad.png");
        Assert.Throws<ArgumentException>(() => PlotWriter.DataVersusSamples(path, new float[10, 1], new float[10, 1], "t"));
        Assert.Throws<ArgumentException>(() => PlotWriter.DataVersusSamples(path, new float[10, 2], new float[10, 3], "t"));
        Assert.That(folder.FileNames(), Is.Empty);
    }

    [Test]
    public void DensityHeatmapWritesAn800By700Png()
    {
        var grid = new QuadratureGrid([-3.0, -2.5], [3.0, 4.0], 120);
        var densities = Normalised(grid, Banana);
        var overlay = SampleBanana(new Random(2), 400);
        string path = folder.File("density-heatmap.png");

        PlotWriter.DensityHeatmap(path, grid, densities, "banana: p(x) ∝ exp(−E(x)), U opening upwards", overlay);

        AssertPng(path, 800, 700, minBytes: 40_000);
    }

    [Test]
    public void DensityHeatmapPutsX0HorizontalAndX1Vertical()
    {
        // One bump at (2, −1) in [−3, 3]²: the heat map must be brightest there, and dark at its mirror images
        // (the transpose (−1, 2) and the flips (−2, −1), (2, 1)).
        int resolution = 60;
        var grid = new QuadratureGrid([-3.0, -3.0], [3.0, 3.0], resolution);
        var densities = Normalised(grid, (x0, x1) => 0.5 * ((x0 - 2) * (x0 - 2) + (x1 + 1) * (x1 + 1)) / 0.25);
        Assert.That(densities[IndexOfCell(grid, 2, -1)], Is.EqualTo(densities.Max()).Within(densities.Max() * 0.05), "the test's own index convention");

        var plot = DensityHeatmapFigure.Create(grid.Lower, grid.Upper, resolution, densities, "orientation", null);
        var png = DensityHeatmapFigure.Render(plot);
        Keep(png, "density-orientation.png");
        using var bitmap = SKBitmap.Decode(png);
        var peak = ColourAt(bitmap, plot, 2, -1);
        Assert.Multiple(() =>
        {
            Assert.That(IsViridisTop(peak), $"peak colour {peak}");
            foreach (var (x0, x1) in new[] { (-1.0, 2.0), (-2.0, -1.0), (2.0, 1.0) })
                Assert.That(IsViridisBottom(ColourAt(bitmap, plot, x0, x1)), $"colour at ({x0}, {x1}): {ColourAt(bitmap, plot, x0, x1)}");
        });
    }

    [Test]
    public void DensityHeatmapRejectsWrongLengthsAndBounds()
    {
        string path = folder.File("bad.png");
        Assert.Throws<ArgumentException>(() => PlotWriter.DensityHeatmap(path, [0.0, 0.0], [1.0, 1.0], 4, new double[15], "t"));
        Assert.Throws<ArgumentException>(() => PlotWriter.DensityHeatmap(path, [0.0, 0.0], [1.0, -1.0], 4, new double[16], "t"));
        Assert.Throws<ArgumentException>(() => PlotWriter.DensityHeatmap(path, [0.0], [1.0], 4, new double[4], "t"));
        Assert.Throws<ArgumentException>(() => PlotWriter.DensityHeatmap(path, new QuadratureGrid([0.0], [1.0], 4), new double[4], "t"));
        Assert.That(folder.FileNames(), Is.Empty);
    }

    [Test]
    public void TrainingCurvesWritesA1000By900PngWithAndWithoutNll()
    {
        var history = History(iterations: 2000, nllEvery: 100);
        string path = folder.File("training-curves.png");
        PlotWriter.TrainingCurves(path, history, "MLP energy on 8 Gaussians: contrastive divergence, 2000 iterations");
        AssertPng(path, 1000, 900, minBytes: 40_000);

        string noNll = folder.File("training-curves-no-nll.png");
        PlotWriter.TrainingCurves(noNll, history with { NllIterations = [], Nll = [] }, "without NLL");
        AssertPng(noNll, 1000, 900, minBytes: 30_000);
    }

    [Test]
    public void TrainingCurvesRejectsListsOfDifferentLengths()
    {
        var history = new TrainingHistory([1, 2, 3], [0.1, 0.2], [1, 2, 3], [1, 2, 3]);
        Assert.Throws<ArgumentException>(() => PlotWriter.TrainingCurves(folder.File("bad.png"), history, "t"));
        var nll = History(10, 5) with { Nll = [1.0] };
        Assert.Throws<ArgumentException>(() => PlotWriter.TrainingCurves(folder.File("bad.png"), nll, "t"));
    }

    [TestCase(1, 800)]
    [TestCase(2, 1000)]
    [TestCase(3, 1300)]
    [TestCase(6, 1300)]
    public void SamplesOverviewWritesA1200WidePngForEachDimension(int dimension, int height)
    {
        int draws = 1500, chains = 6;
        var values = CorrelatedChains(new Random(3), draws, chains, dimension);
        string path = folder.File($"samples-overview-d{dimension}.png");

        PlotWriter.SamplesOverview(path, values, draws, chains, dimension, "MALA on a correlated Gaussian");

        AssertPng(path, 1200, height, minBytes: 60_000);
    }

    [Test]
    public void SamplesOverviewRejectsALengthThatDoesNotMatchTheShape()
    {
        string path = folder.File("bad.png");
        Assert.Throws<ArgumentException>(() => PlotWriter.SamplesOverview(path, new float[23], 4, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlotWriter.SamplesOverview(path, [], 0, 3, 2));
        Assert.That(folder.FileNames(), Is.Empty);
    }

    [Test]
    public void DegenerateInputsStillRender()
    {
        var empty = new TrainingHistory([], [], [], []);
        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => PlotWriter.DensityHeatmap(folder.File("zeros.png"), [0.0, 0.0], [1.0, 1.0], 8, new double[64], "zero density"));
            Assert.DoesNotThrow(() => PlotWriter.DensityHeatmap(folder.File("nan.png"), [0.0, 0.0], [1.0, 1.0], 8, Enumerable.Repeat(double.NaN, 64).ToArray(), "NaN density"));
            Assert.DoesNotThrow(() => PlotWriter.SamplesOverview(folder.File("constant.png"), Enumerable.Repeat(1.5f, 3 * 2 * 3).ToArray(), 3, 2, 3));
            Assert.DoesNotThrow(() => PlotWriter.SamplesOverview(folder.File("single.png"), [0.5f, float.NaN], 1, 1, 2));
            Assert.DoesNotThrow(() => PlotWriter.DataVersusSamples(folder.File("empty.png"), new float[0, 2], new float[0, 2], "no points"));
            Assert.DoesNotThrow(() => PlotWriter.TrainingCurves(folder.File("empty-history.png"), empty, "no iterations"));
        });
        foreach (string name in folder.FileNames())
            Assert.That(PngFile.Size(File.ReadAllBytes(folder.File(name))).Width, Is.GreaterThan(0), name);
    }

    [Test]
    public void WritingReplacesTheFileAndLeavesNoTemporaryFile()
    {
        string path = folder.File("overview.png");
        File.WriteAllText(path, "old content");
        PlotWriter.SamplesOverview(path, CorrelatedChains(new Random(4), 50, 2, 2), 50, 2, 2);
        Assert.That(PngFile.Size(File.ReadAllBytes(path)), Is.EqualTo((1200, 1000)));
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "overview.png" }));
    }

    [Test]
    public void AMissingFolderThrowsAndWritesNothing()
    {
        string path = Path.Combine(folder.Path, "no-such-folder", "x.png");
        Assert.Throws<DirectoryNotFoundException>(() => PlotWriter.SamplesOverview(path, new float[8], 4, 1, 2));
    }

    [Test]
    public void TheEmbeddedFontAnswersScottPlotsRequests()
    {
        PlotFonts.EnsureRegistered();
        Assert.Multiple(() =>
        {
            Assert.That(ScottPlot.Fonts.Default, Is.EqualTo(PlotFonts.Family));
            Assert.That(ScottPlot.Fonts.GetTypeface(PlotFonts.Family, bold: false, italic: false), Is.SameAs(PlotFonts.Regular));
            Assert.That(ScottPlot.Fonts.GetTypeface(PlotFonts.Family, bold: true, italic: false), Is.SameAs(PlotFonts.Bold));
            Assert.That(new BundledFontResolver(PlotFonts.Family, PlotFonts.Regular, PlotFonts.Bold).CreateTypeface("", false, false), Is.SameAs(PlotFonts.Regular));
            Assert.That(PlotFonts.Regular.FamilyName, Is.EqualTo("DejaVu Sans"));
            // Glyphs for the text the figures use: Latin, Greek, minus, multiplication sign, superscript.
            Assert.That(PlotFonts.Regular.ContainsGlyphs("Ax[0]θ−×²∝"), Is.True);
        });
    }

    [Test]
    public void TitleTextDrawsPixels()
    {
        var blank = Figure.RenderPng(400, 60, null, (_, _) => { });
        var titled = Figure.RenderPng(400, 60, "Energy θ", (_, _) => { });
        Assert.That(DarkPixels(titled), Is.GreaterThan(DarkPixels(blank) + 100));
    }

    private static int DarkPixels(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        int dark = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
                dark += bitmap.GetPixel(x, y).Red < 128 ? 1 : 0;
        }

        return dark;
    }

    private static void AssertPng(string path, int width, int height, int minBytes)
    {
        var bytes = File.ReadAllBytes(path);
        Keep(bytes, Path.GetFileName(path));
        Assert.That(PngFile.Size(bytes), Is.EqualTo((width, height)));
        Assert.That(bytes.Length, Is.GreaterThan(minBytes), "a PNG this small is (nearly) blank");
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.That(bitmap, Is.Not.Null, "SkiaSharp decodes it");
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"), Is.Empty, "no temporary file left");
    }

    private static void Keep(byte[] png, string name)
    {
        string? examples = Environment.GetEnvironmentVariable("EBM_PLOT_EXAMPLES");
        if (string.IsNullOrEmpty(examples))
            return;
        Directory.CreateDirectory(examples);
        File.WriteAllBytes(Path.Combine(examples, name), png);
    }

    private static SKColor ColourAt(SKBitmap bitmap, Plot plot, double x0, double x1)
    {
        var pixel = plot.GetPixel(new Coordinates(x0, x1));
        return bitmap.GetPixel((int)Math.Round(pixel.X), (int)Math.Round(pixel.Y));
    }

    // Viridis runs from dark purple (68, 1, 84) to yellow (253, 231, 37).
    private static bool IsViridisTop(SKColor c) => c.Red > 200 && c.Green > 200 && c.Blue < 100;

    private static bool IsViridisBottom(SKColor c) => c.Red < 100 && c.Green < 40 && c.Blue > 60 && c.Blue < 120;

    private static int IndexOfCell(QuadratureGrid grid, double x0, double x1)
    {
        int i0 = (int)((x0 - grid.Lower[0]) / grid.CellWidth(0)), i1 = (int)((x1 - grid.Lower[1]) / grid.CellWidth(1));
        return i0 * grid.Resolution + i1;
    }

    /// <summary>exp(−E) at the grid's midpoints, divided by its quadrature sum (so it integrates to 1 over the box).</summary>
    private static double[] Normalised(QuadratureGrid grid, Func<double, double, double> energy)
    {
        var midpoints = grid.Midpoints();
        var densities = new double[midpoints.GetLength(0)];
        for (int n = 0; n < densities.Length; n++)
            densities[n] = Math.Exp(-energy(midpoints[n, 0], midpoints[n, 1]));
        double z = densities.Sum() * grid.CellVolume;
        return densities.Select(p => p / z).ToArray();
    }

    /// <summary>A banana: x0 ~ N(0, 1), x1 | x0 ~ N(x0²/2 − 1, 0.5²): a U that opens upwards.</summary>
    private static double Banana(double x0, double x1)
    {
        double r = (x1 - (0.5 * x0 * x0 - 1)) / 0.5;
        return 0.5 * x0 * x0 + 0.5 * r * r;
    }

    private static float[,] SampleBanana(Random random, int count)
    {
        var points = new float[count, 2];
        for (int n = 0; n < count; n++)
        {
            double x0 = Normal(random);
            points[n, 0] = (float)x0;
            points[n, 1] = (float)(0.5 * x0 * x0 - 1 + 0.5 * Normal(random));
        }

        return points;
    }

    private static float[,] Ring(Random random, int count, double spread)
    {
        var points = new float[count, 2];
        for (int n = 0; n < count; n++)
        {
            double angle = 2 * Math.PI * random.Next(8) / 8;
            points[n, 0] = (float)(2 * Math.Cos(angle) + spread * Normal(random));
            points[n, 1] = (float)(2 * Math.Sin(angle) + spread * Normal(random));
        }

        return points;
    }

    /// <summary>AR(1) chains (ρ = 0.9) of a Gaussian with correlated coordinates, laid out [draw, chain, d]; chain c starts at 3 + c.</summary>
    private static float[] CorrelatedChains(Random random, int draws, int chains, int dimension)
    {
        var values = new float[draws * chains * dimension];
        var state = new double[chains, dimension];
        for (int c = 0; c < chains; c++)
        {
            for (int j = 0; j < dimension; j++)
                state[c, j] = 3 + c;
        }

        for (int n = 0; n < draws; n++)
        {
            for (int c = 0; c < chains; c++)
            {
                double shared = Normal(random);
                for (int j = 0; j < dimension; j++)
                {
                    double innovation = 0.7 * shared + 0.714 * Normal(random);
                    state[c, j] = 0.9 * state[c, j] + Math.Sqrt(1 - 0.81) * innovation * (1 + j * 0.5);
                    values[(n * chains + c) * dimension + j] = (float)state[c, j];
                }
            }
        }

        return values;
    }

    private static TrainingHistory History(int iterations, int nllEvery)
    {
        var random = new Random(5);
        var its = Enumerable.Range(1, iterations).Select(i => (long)i).ToArray();
        var positive = its.Select(i => -2.0 - 3.0 * (1 - Math.Exp(-i / 400.0)) + 0.2 * Normal(random)).ToArray();
        var negative = its.Select(i => -1.0 - 4.0 * (1 - Math.Exp(-i / 450.0)) + 0.2 * Normal(random)).ToArray();
        var loss = positive.Zip(negative, (p, q) => p - q).ToArray();
        var nllIterations = its.Where(i => i % nllEvery == 0).ToArray();
        var nll = nllIterations.Select(i => 2.1 + 1.5 * Math.Exp(-i / 300.0)).ToArray();
        return new TrainingHistory(its, loss, positive, negative) { NllIterations = nllIterations, Nll = nll };
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
