using Ebm.Kernels.Random;

namespace Ebm.Facade.Data;

/// <summary>
/// Deterministic, seeded generators of the standard 2-D toy sets, with the shapes of the FFJORD toy data
/// (Grathwohl et al. 2019): 8gaussians, 2spirals, checkerboard, moons, rings, pinwheel, swissroll.
/// </summary>
/// <remarks>Random numbers come from Philox stream 0 of the seed, so a (name, n, seed) triple always gives the same points.</remarks>
public static class ToyDatasets
{
    /// <summary>The names accepted by <see cref="Generate"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["8gaussians", "2spirals", "checkerboard", "moons", "rings", "pinwheel", "swissroll"];

    /// <summary>The 8gaussians mixture: centres on a circle of radius 4/√2, each N(centre, (0.5/√2)² I), equal weights.</summary>
    public static (double Radius, double Scale) EightGaussians => (4 / Math.Sqrt(2), 0.5 / Math.Sqrt(2));

    /// <summary>Generates <paramref name="count"/> points of the named set.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="count">The number of points (≥ 1).</param>
    /// <param name="seed">The seed.</param>
    /// <returns>[count, 2] points.</returns>
    /// <exception cref="ArgumentException">Unknown name (the message lists the known ones).</exception>
    public static float[,] Generate(string name, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new HostRandom(seed);
        Func<int, HostRandom, (double X, double Y)> point = name switch
        {
            "8gaussians" => EightGaussiansPoint,
            "2spirals" => SpiralPoint,
            "checkerboard" => CheckerboardPoint,
            "moons" => MoonPoint,
            "rings" => RingPoint,
            "pinwheel" => PinwheelPoint,
            "swissroll" => SwissRollPoint,
            _ => throw new ArgumentException($"unknown data set '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
        };
        var data = new float[count, 2];
        for (int i = 0; i < count; i++)
        {
            var (x, y) = point(i, random);
            data[i, 0] = (float)x;
            data[i, 1] = (float)y;
        }
        return data;
    }

    private static (double, double) EightGaussiansPoint(int index, HostRandom random)
    {
        int component = random.Integer(8);
        double angle = component * Math.PI / 4;
        var (radius, scale) = EightGaussians;
        return (radius * Math.Cos(angle) + scale * random.Normal(), radius * Math.Sin(angle) + scale * random.Normal());
    }

    private static (double, double) SpiralPoint(int index, HostRandom random)
    {
        double n = Math.Sqrt(random.Uniform()) * 540 * 2 * Math.PI / 360;
        double x = -Math.Cos(n) * n + random.Uniform() * 0.5, y = Math.Sin(n) * n + random.Uniform() * 0.5;
        double sign = random.Integer(2) == 0 ? 1 : -1;
        return (sign * x / 3 + 0.1 * random.Normal(), sign * y / 3 + 0.1 * random.Normal());
    }

    private static (double, double) CheckerboardPoint(int index, HostRandom random)
    {
        double x1 = random.Uniform() * 4 - 2;
        double x2 = random.Uniform() - random.Integer(2) * 2 + (Math.Floor(x1) % 2 + 2) % 2;
        return (2 * x1, 2 * x2);
    }

    private static (double, double) MoonPoint(int index, HostRandom random)
    {
        double angle = Math.PI * random.Uniform();
        var (x, y) = random.Integer(2) == 0 ? (Math.Cos(angle), Math.Sin(angle)) : (1 - Math.Cos(angle), 1 - Math.Sin(angle) - 0.5);
        return (2 * (x + 0.1 * random.Normal()) - 1, 2 * (y + 0.1 * random.Normal()) - 0.2);
    }

    private static (double, double) RingPoint(int index, HostRandom random)
    {
        double radius = 3 * (1 + random.Integer(4)) / 4.0, angle = 2 * Math.PI * random.Uniform();
        return (radius * Math.Cos(angle) + 0.08 * random.Normal(), radius * Math.Sin(angle) + 0.08 * random.Normal());
    }

    private static (double, double) PinwheelPoint(int index, HostRandom random)
    {
        const double radialScale = 0.3, tangentialScale = 0.1, rate = 0.25;
        int arm = random.Integer(5);
        double radial = 1 + radialScale * random.Normal(), tangential = tangentialScale * random.Normal();
        double angle = 2 * Math.PI * arm / 5 + rate * Math.Exp(radial);
        return (2 * (radial * Math.Cos(angle) - tangential * Math.Sin(angle)), 2 * (radial * Math.Sin(angle) + tangential * Math.Cos(angle)));
    }

    private static (double, double) SwissRollPoint(int index, HostRandom random)
    {
        double t = 1.5 * Math.PI * (1 + 2 * random.Uniform());
        return ((t * Math.Cos(t) + random.Normal()) / 5, (t * Math.Sin(t) + random.Normal()) / 5);
    }

    /// <summary>Uniforms and normals in float64 from a Philox stream.</summary>
    private sealed class HostRandom(ulong seed)
    {
        private PhiloxStream stream = new(seed, 0, 0);

        public double Uniform() => (stream.NextUInt() + 0.5) / 4294967296.0;

        public int Integer(int count) => (int)(stream.NextUInt() % (uint)count);

        public double Normal() => Math.Sqrt(-2 * Math.Log(Uniform())) * Math.Cos(2 * Math.PI * Uniform());
    }
}
