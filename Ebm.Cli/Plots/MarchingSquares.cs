namespace Ebm.Cli.Plots;

/// <summary>Contour lines of values on a rectangular grid by marching squares, joined into polylines.</summary>
/// <remarks>
/// Each grid edge whose two ends lie on opposite sides of the level holds one crossing point, placed by linear
/// interpolation; each cell joins the crossings on its edges with one segment (two at a saddle, which the mean of
/// the cell's four corners resolves: the usual centre-value rule). A crossing belongs to
/// at most two cells, so the segments chain into open lines (ending on the grid border or next to a NaN cell)
/// and closed loops. A value counts as above the level when it is ≥ the level; cells with a NaN corner are skipped.
/// </remarks>
internal static class MarchingSquares
{
    /// <summary>The contour of <paramref name="values"/> at <paramref name="level"/>.</summary>
    /// <param name="xs">Grid x coordinates, increasing (at least 2).</param>
    /// <param name="ys">Grid y coordinates, increasing (at least 2).</param>
    /// <param name="values">values[i, j] at (xs[i], ys[j]).</param>
    /// <param name="level">The level.</param>
    /// <returns>The connected pieces of the contour.</returns>
    public static IReadOnlyList<ContourPath> Trace(IReadOnlyList<double> xs, IReadOnlyList<double> ys, double[,] values, double level)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(values);
        int nx = xs.Count, ny = ys.Count;
        if (nx < 2 || ny < 2 || values.GetLength(0) != nx || values.GetLength(1) != ny)
            throw new ArgumentException($"values must be [{nx}, {ny}] with at least 2 points per axis; got [{values.GetLength(0)}, {values.GetLength(1)}]", nameof(values));
        if (!double.IsFinite(level))
            return [];

        var grid = new Grid(xs, ys, values, level);
        for (int i = 0; i < nx - 1; i++)
        {
            for (int j = 0; j < ny - 1; j++)
                grid.AddCell(i, j);
        }

        return grid.Paths();
    }

    private sealed class Grid
    {
        private readonly IReadOnlyList<double> xs;
        private readonly IReadOnlyList<double> ys;
        private readonly double[,] values;
        private readonly double level;
        private readonly int nx;
        private readonly int ny;
        private readonly int horizontalEdges;
        private readonly int[] first;
        private readonly int[] second;

        public Grid(IReadOnlyList<double> xs, IReadOnlyList<double> ys, double[,] values, double level)
        {
            this.xs = xs;
            this.ys = ys;
            this.values = values;
            this.level = level;
            nx = xs.Count;
            ny = ys.Count;
            horizontalEdges = (nx - 1) * ny;
            int edges = horizontalEdges + nx * (ny - 1);
            first = new int[edges];
            second = new int[edges];
            Array.Fill(first, -1);
            Array.Fill(second, -1);
        }

        // Edge ids: (i, j)–(i+1, j) is horizontal, (i, j)–(i, j+1) vertical.
        private int Horizontal(int i, int j) => j * (nx - 1) + i;

        private int Vertical(int i, int j) => horizontalEdges + i * (ny - 1) + j;

        public void AddCell(int i, int j)
        {
            double a = values[i, j], b = values[i + 1, j], c = values[i + 1, j + 1], d = values[i, j + 1];
            if (double.IsNaN(a) || double.IsNaN(b) || double.IsNaN(c) || double.IsNaN(d))
                return;
            int code = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
            if (code is 0 or 15)
                return;
            int bottom = Horizontal(i, j), right = Vertical(i + 1, j), top = Horizontal(i, j + 1), left = Vertical(i, j);
            if (code is 5 or 10)
            {
                // Saddle: a and c on one side, b and d on the other; the centre value decides which pair connects.
                bool centreAbove = (a + b + c + d) / 4 >= level;
                if ((code == 5) == centreAbove)
                {
                    Link(bottom, right); // cuts off corner b
                    Link(top, left);     // cuts off corner d
                }
                else
                {
                    Link(left, bottom);  // cuts off corner a
                    Link(right, top);    // cuts off corner c
                }

                return;
            }

            Span<int> crossed = stackalloc int[2];
            int count = 0;
            if ((code & 1) != (code >> 1 & 1)) crossed[count++] = bottom;
            if ((code >> 1 & 1) != (code >> 2 & 1)) crossed[count++] = right;
            if ((code >> 3 & 1) != (code >> 2 & 1)) crossed[count++] = top;
            if ((code & 1) != (code >> 3 & 1)) crossed[count++] = left;
            Link(crossed[0], crossed[1]);
        }

        private void Link(int edge, int other)
        {
            Attach(edge, other);
            Attach(other, edge);
        }

        private void Attach(int edge, int other)
        {
            if (first[edge] < 0)
                first[edge] = other;
            else
                second[edge] = other;
        }

        public List<ContourPath> Paths()
        {
            var visited = new bool[first.Length];
            var paths = new List<ContourPath>();
            // Open lines start at an end (a crossing with one neighbour); what is left is closed loops.
            for (int edge = 0; edge < first.Length; edge++)
            {
                if (!visited[edge] && first[edge] >= 0 && second[edge] < 0)
                    paths.Add(Walk(edge, visited, closed: false));
            }

            for (int edge = 0; edge < first.Length; edge++)
            {
                if (!visited[edge] && first[edge] >= 0)
                    paths.Add(Walk(edge, visited, closed: true));
            }

            return paths;
        }

        private ContourPath Walk(int start, bool[] visited, bool closed)
        {
            var xsOut = new List<double>();
            var ysOut = new List<double>();
            int previous = -1, current = start;
            while (current >= 0 && !visited[current])
            {
                visited[current] = true;
                var (x, y) = Crossing(current);
                xsOut.Add(x);
                ysOut.Add(y);
                int next = first[current] != previous ? first[current] : second[current];
                previous = current;
                current = next;
            }

            return new ContourPath([.. xsOut], [.. ysOut], closed);
        }

        private (double X, double Y) Crossing(int edge)
        {
            if (edge < horizontalEdges)
            {
                int j = edge / (nx - 1), i = edge % (nx - 1);
                double t = Fraction(values[i, j], values[i + 1, j]);
                return (xs[i] + t * (xs[i + 1] - xs[i]), ys[j]);
            }
            else
            {
                int k = edge - horizontalEdges;
                int i = k / (ny - 1), j = k % (ny - 1);
                double t = Fraction(values[i, j], values[i, j + 1]);
                return (xs[i], ys[j] + t * (ys[j + 1] - ys[j]));
            }
        }

        private double Fraction(double from, double to) => Math.Clamp((level - from) / (to - from), 0, 1);
    }
}
