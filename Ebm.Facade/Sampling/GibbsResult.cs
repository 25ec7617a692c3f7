using Ebm.Facade.Diagnostics;

namespace Ebm.Facade.Sampling;

/// <summary>Recorded draws of a Gibbs run and the diagnostics of the model's statistics.</summary>
/// <param name="Draws">Row-major [draws, chains, width] records: the summary, then the state (Ising: E/N, M/N, s; RBM: F(v), v).</param>
/// <param name="DrawCount">The number of draws per chain.</param>
/// <param name="Chains">C.</param>
/// <param name="RecordWidth">Floats per record.</param>
/// <param name="Units">The units of a state, the last of each record's values.</param>
/// <param name="Diagnostics">Mean, variance, MCSE, R̂ and ESS of each of the spec's statistics, by name.</param>
/// <param name="Seconds">Wall time of warm-up and sampling.</param>
/// <param name="ChainSweepsPerSecond">(warm-up + sampling sweeps) · C / seconds.</param>
public sealed record GibbsResult(
    float[] Draws,
    int DrawCount,
    int Chains,
    int RecordWidth,
    int Units,
    IReadOnlyDictionary<string, ScalarDiagnostics> Diagnostics,
    double Seconds,
    double ChainSweepsPerSecond)
{
    /// <summary>The record of draw <paramref name="draw"/> of chain <paramref name="chain"/>.</summary>
    /// <param name="draw">The draw index.</param>
    /// <param name="chain">The chain.</param>
    /// <returns><see cref="RecordWidth"/> values.</returns>
    public ReadOnlySpan<float> Record(int draw, int chain) =>
        Draws.AsSpan((int)(((long)draw * Chains + chain) * RecordWidth), RecordWidth);

    /// <summary>Column <paramref name="column"/> of the record of draw <paramref name="draw"/> of chain <paramref name="chain"/>.</summary>
    /// <param name="draw">The draw index.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="column">The column.</param>
    /// <returns>The value.</returns>
    public float At(int draw, int chain, int column) => Record(draw, chain)[column];

    /// <summary>The recorded states, [draws, chains, units] row-major (±1 spins, 0/1 visible units).</summary>
    /// <returns>A new array.</returns>
    public float[] States()
    {
        var states = new float[(long)DrawCount * Chains * Units];
        int offset = RecordWidth - Units;
        for (long row = 0; row < (long)DrawCount * Chains; row++)
            Draws.AsSpan((int)(row * RecordWidth + offset), Units).CopyTo(states.AsSpan((int)(row * Units), Units));
        return states;
    }

    /// <summary>A statistic of every record, as per-chain series [chain, draw] (the input of <see cref="ConvergenceDiagnostics.Compute"/>).</summary>
    /// <param name="statistic">Maps a record to a scalar.</param>
    /// <returns>[C, draws].</returns>
    public double[,] Series(Func<ReadOnlySpan<float>, double> statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        var values = new double[Chains, DrawCount];
        for (int c = 0; c < Chains; c++)
            for (int n = 0; n < DrawCount; n++)
                values[c, n] = statistic(Record(n, c));
        return values;
    }

    /// <summary>Column <paramref name="column"/> of every record, as per-chain series [chain, draw].</summary>
    /// <param name="column">The column.</param>
    /// <returns>[C, draws].</returns>
    public double[,] Series(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, RecordWidth);
        return Series(record => record[column]);
    }
}
