namespace Ebm.Facade.Models;

/// <summary>
/// Σᵢ wᵢ and the weighted means Σᵢ wᵢ xᵢ / Σᵢ wᵢ for weights given by their logarithms, accumulated in one pass without
/// overflow: the sums are kept relative to the largest log weight seen so far and rescaled when it grows.
/// </summary>
/// <param name="values">The number of quantities x averaged.</param>
internal sealed class WeightedLogSum(int values)
{
    private readonly double[] sums = new double[values];
    private double maxLog = double.NegativeInfinity;
    private double total;

    /// <summary>log Σᵢ wᵢ.</summary>
    public double LogTotal => maxLog + Math.Log(total);

    /// <summary>Adds a term of weight exp(<paramref name="logWeight"/>) carrying the quantities <paramref name="x"/>.</summary>
    public void Add(double logWeight, ReadOnlySpan<double> x)
    {
        if (logWeight > maxLog)
        {
            double scale = Math.Exp(maxLog - logWeight);
            total *= scale;
            for (int i = 0; i < sums.Length; i++)
                sums[i] *= scale;
            maxLog = logWeight;
        }
        double weight = Math.Exp(logWeight - maxLog);
        total += weight;
        for (int i = 0; i < sums.Length; i++)
            sums[i] += weight * x[i];
    }

    /// <summary>The weighted mean of quantity <paramref name="index"/>.</summary>
    public double Mean(int index) => sums[index] / total;
}
