using Ebm.Facade.IO;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Diagnostics;

/// <summary>Draw arrays for the diagnostics tests: the reference fixtures and seeded synthetic chains.</summary>
internal static class Draws
{
    /// <summary>Fixtures/diagnostics/<paramref name="name"/>.npy as [chain, draw].</summary>
    public static double[,] Fixture(string name)
    {
        var array = NpyFile.Read(FixturePath.Of("diagnostics/" + name + ".npy"));
        return ToMatrix(array.ToDouble(), array.Shape[0], array.Shape[1]);
    }

    /// <summary>Gaussian AR(1) chains x_t = φ x_{t−1} + √(1 − φ²) ε_t started at stationarity (φ = 0 gives iid N(0, 1)).</summary>
    public static double[,] AutoRegressive(int chains, int draws, double phi, int seed)
    {
        var random = new Random(seed);
        var result = new double[chains, draws];
        double innovation = Math.Sqrt(1 - (phi * phi));
        for (int c = 0; c < chains; c++)
        {
            double x = Normal(random);
            for (int i = 0; i < draws; i++)
            {
                result[c, i] = x;
                x = (phi * x) + (innovation * Normal(random));
            }
        }

        return result;
    }

    /// <summary>An array whose every entry is <paramref name="value"/>.</summary>
    public static double[,] Constant(int chains, int draws, double value)
    {
        var result = new double[chains, draws];
        for (int c = 0; c < chains; c++)
        {
            for (int i = 0; i < draws; i++)
            {
                result[c, i] = value;
            }
        }

        return result;
    }

    private static double[,] ToMatrix(double[] values, int rows, int columns)
    {
        var matrix = new double[rows, columns];
        Buffer.BlockCopy(values, 0, matrix, 0, values.Length * sizeof(double));
        return matrix;
    }

    // Box–Muller; 1 − U lies in (0, 1], so the logarithm is finite.
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
