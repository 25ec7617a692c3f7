using Ebm.Facade.Validation;

namespace Ebm.Tests.Support;

/// <summary>Seeded points for the energies of <see cref="ValidationEnergies"/>.</summary>
public static class TestPoints
{
    /// <summary>Seeded points where every energy of the zoo is moderate (funnel's v kept in [−2, 2]).</summary>
    public static float[,] Points(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var points = new float[count, dimension];
        for (int n = 0; n < count; n++)
            for (int j = 0; j < dimension; j++)
                points[n, j] = (float)(4 * random.NextDouble() - 2);
        return points;
    }

    public static double[] Row(float[,] points, int n) =>
        [.. Enumerable.Range(0, points.GetLength(1)).Select(j => (double)points[n, j])];
}
