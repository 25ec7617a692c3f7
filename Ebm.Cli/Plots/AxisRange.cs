namespace Ebm.Cli.Plots;

/// <summary>A closed interval [Min, Max] of data coordinates along one axis.</summary>
/// <param name="Min">The lower end.</param>
/// <param name="Max">The upper end.</param>
internal readonly record struct AxisRange(double Min, double Max)
{
    /// <summary>The range of the finite values in <paramref name="values"/>; [−1, 1] when there are none.</summary>
    public static AxisRange Of(IEnumerable<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double value in values)
        {
            if (!double.IsFinite(value))
                continue;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return min <= max ? new AxisRange(min, max) : new AxisRange(-1, 1);
    }

    /// <summary>The range widened by <paramref name="fraction"/> of its extent on each side (by ±0.5, or ±|x|/2, when it is a single value).</summary>
    public AxisRange Widen(double fraction)
    {
        double extent = Max - Min;
        if (!(extent > 0))
        {
            double half = Math.Max(0.5, Math.Abs(Min) / 2);
            return new AxisRange(Min - half, Max + half);
        }

        return new AxisRange(Min - fraction * extent, Max + fraction * extent);
    }
}
