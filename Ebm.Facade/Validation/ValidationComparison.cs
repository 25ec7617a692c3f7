namespace Ebm.Facade.Validation;

/// <summary>Error measures used by <see cref="CrossAcceleratorValidator"/>: device float32 results against float64 references.</summary>
public static class ValidationComparison
{
    /// <summary>maxᵢ |aᵢ − rᵢ| / max(|rᵢ|, floor): relative error, absolute below <paramref name="floor"/>.</summary>
    /// <remarks>
    /// The floor keeps values near zero (an energy at a mode, a gradient component that cancels) from turning a
    /// harmless float32 rounding into a huge relative error. A NaN or infinity on either side gives +∞ unless both
    /// sides hold the same infinity.
    /// </remarks>
    /// <param name="actual">Device values.</param>
    /// <param name="reference">Reference values, same length.</param>
    /// <param name="floor">The magnitude below which the error is absolute; &gt; 0.</param>
    /// <returns>The largest error (0 for empty inputs).</returns>
    public static double MaxRelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<double> reference, double floor)
    {
        if (actual.Length != reference.Length)
            throw new ArgumentException($"{actual.Length} values against {reference.Length} references", nameof(actual));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(floor);
        double worst = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double a = actual[i], r = reference[i];
            if (double.IsInfinity(r) && a == r)
                continue;
            if (!double.IsFinite(a) || !double.IsFinite(r))
                return double.PositiveInfinity;
            worst = Math.Max(worst, Math.Abs(a - r) / Math.Max(Math.Abs(r), floor));
        }
        return worst;
    }

    /// <summary>maxᵢ |aᵢ − rᵢ| / scaleᵢ: the error against a per-element scale, such as Σ|terms| of a sum.</summary>
    /// <param name="actual">Device values.</param>
    /// <param name="reference">Reference values.</param>
    /// <param name="scales">Positive scales.</param>
    /// <returns>The largest scaled error.</returns>
    public static double MaxScaledError(ReadOnlySpan<float> actual, ReadOnlySpan<double> reference, ReadOnlySpan<double> scales)
    {
        if (actual.Length != reference.Length || scales.Length != reference.Length)
            throw new ArgumentException("actual, reference and scales must have the same length", nameof(actual));
        double worst = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (!float.IsFinite(actual[i]))
                return double.PositiveInfinity;
            worst = Math.Max(worst, Math.Abs(actual[i] - reference[i]) / Math.Max(scales[i], double.Epsilon));
        }
        return worst;
    }

    /// <summary>The number of positions where two word sequences differ (bit-for-bit comparison).</summary>
    /// <param name="actual">Device words.</param>
    /// <param name="reference">Reference words.</param>
    /// <returns>The mismatch count (the length difference counts too).</returns>
    public static int Mismatches(ReadOnlySpan<uint> actual, ReadOnlySpan<uint> reference)
    {
        int count = Math.Abs(actual.Length - reference.Length);
        for (int i = 0; i < Math.Min(actual.Length, reference.Length); i++)
        {
            if (actual[i] != reference[i])
                count++;
        }
        return count;
    }
}
