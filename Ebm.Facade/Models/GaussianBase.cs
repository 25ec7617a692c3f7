using Ebm.Facade.Data;

namespace Ebm.Facade.Models;

/// <summary>
/// The Gaussian base term |x − μ₀|² / (2σ₀²) that an <see cref="MlpSpec"/> may add to its network. It makes every
/// learned energy normalisable (the network can fall at most linearly in far directions), so quadrature and AIS
/// estimates of log Z stay finite, and it keeps sampler chains from drifting off where the network is flat.
/// </summary>
public sealed record GaussianBase
{
    /// <summary>Creates and validates the base term.</summary>
    /// <param name="mean">μ₀, one value per input dimension.</param>
    /// <param name="scale">σ₀ &gt; 0.</param>
    public GaussianBase(IReadOnlyList<double> mean, double scale)
    {
        ArgumentNullException.ThrowIfNull(mean);
        SpecChecks.Finite(mean, "base mean");
        SpecChecks.Positive(scale, "base scale");
        Mean = [.. mean];
        Scale = scale;
    }

    /// <summary>μ₀.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>σ₀.</summary>
    public double Scale { get; }

    /// <summary>c = 1/σ₀², the curvature of the term.</summary>
    public double Curvature => 1 / (Scale * Scale);

    /// <summary>A base centred on the data's mean with σ₀ = <paramref name="scaleFactor"/> × the data's largest coordinate standard deviation.</summary>
    /// <param name="data">[n, d] points.</param>
    /// <param name="scaleFactor">How many data standard deviations σ₀ spans.</param>
    /// <returns>The base term.</returns>
    public static GaussianBase AroundData(float[,] data, double scaleFactor)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.GetLength(0);
        if (n < 2)
            throw new ArgumentException($"a base term around the data needs at least 2 points, got {n}", nameof(data));
        var (mean, deviation) = ColumnMoments.Of(data);
        double widest = deviation.DefaultIfEmpty(0).Max();
        if (widest == 0)
            throw new ArgumentException("a base term around the data needs data that are not all equal", nameof(data));
        return new GaussianBase(mean, scaleFactor * widest);
    }

    /// <summary>|x − μ₀|² / (2σ₀²), adding its gradient (x − μ₀)/σ₀² to <paramref name="gradient"/>.</summary>
    /// <param name="point">x.</param>
    /// <param name="gradient">Receives ∇ₓ of the term, added to what it holds.</param>
    /// <returns>The term's value.</returns>
    internal double AddReference(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double curvature = Curvature, squaredDistance = 0;
        for (int i = 0; i < point.Length; i++)
        {
            double offset = point[i] - Mean[i];
            squaredDistance += offset * offset;
            gradient[i] += curvature * offset;
        }
        return 0.5 * curvature * squaredDistance;
    }
}
