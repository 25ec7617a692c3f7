using Ebm.Facade.Sampling;
using Ebm.Kernels.Discrete;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Discrete;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>
/// The Ising model on a periodic rows × columns lattice: E(s) = −J Σ_⟨ij⟩ sᵢsⱼ − h Σᵢ sᵢ, sᵢ = ±1, site i = row · columns + column,
/// each distinct nearest-neighbour pair counted once (see <see cref="IsingEnergy"/>: a side of 2 has one bond per line,
/// a side of 1 none).
/// </summary>
public sealed record IsingSpec : DiscreteSpec
{
    private static readonly DrawStatistic[] IsingStatistics =
    [
        new("energy_per_site", record => record[0]),
        new("magnetisation", record => record[1]),
        new("abs_magnetisation", record => Math.Abs(record[1])),
    ];

    /// <summary>Creates and validates the spec.</summary>
    /// <param name="rows">Lattice rows, ≥ 1.</param>
    /// <param name="columns">Lattice columns, ≥ 1.</param>
    /// <param name="coupling">J, finite (ferromagnetic when positive).</param>
    /// <param name="field">h, finite.</param>
    public IsingSpec(int rows, int columns, double coupling, double field)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if ((long)rows * columns > int.MaxValue / 4)
            throw new ArgumentOutOfRangeException(nameof(rows), $"a {rows} × {columns} lattice has too many sites");
        SpecChecks.Finite(coupling, "coupling");
        SpecChecks.Finite(field, "field");
        Rows = rows;
        Columns = columns;
        Coupling = coupling;
        Field = field;
    }

    /// <summary>Lattice rows.</summary>
    public int Rows { get; }

    /// <summary>Lattice columns.</summary>
    public int Columns { get; }

    /// <summary>J.</summary>
    public double Coupling { get; }

    /// <summary>h.</summary>
    public double Field { get; }

    /// <summary>N = rows · columns.</summary>
    public int Sites => Rows * Columns;

    /// <summary>The number of distinct nearest-neighbour pairs (bonds).</summary>
    public int Bonds => Enumerable.Range(0, Sites).Sum(site => DistinctNeighbours(site).Length) / 2;

    /// <inheritdoc/>
    public override string Kind => "ising";

    /// <inheritdoc/>
    public override int Units => Sites;

    /// <inheritdoc/>
    public override float LowerValue => -1;

    /// <inheritdoc/>
    /// <remarks>Recorded rows are (E/N, M/N); the statistics are <c>energy_per_site</c>, <c>magnetisation</c> and <c>abs_magnetisation</c> (per site).</remarks>
    public override IReadOnlyList<DrawStatistic> Statistics => IsingStatistics;

    /// <summary>The distinct nearest neighbours of <paramref name="site"/> (0 to 4).</summary>
    /// <param name="site">i.</param>
    /// <returns>Their site indices.</returns>
    public IReadOnlyList<int> Neighbours(int site)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(site);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(site, Sites);
        return DistinctNeighbours(site);
    }

    /// <inheritdoc/>
    public override double ReferenceEnergy(ReadOnlySpan<double> state)
    {
        SpecChecks.Length(state.Length, Sites, "state");
        double bonds = 0, magnetisation = 0;
        for (int i = 0; i < Sites; i++)
        {
            magnetisation += state[i];
            foreach (int j in DistinctNeighbours(i))
            {
                if (j > i) // each pair once
                    bonds += state[i] * state[j];
            }
        }
        return -Coupling * bonds - Field * magnetisation;
    }

    /// <summary>log Z, ⟨E⟩/N, ⟨M⟩/N and ⟨|M|⟩/N at the spec's temperature, by enumerating all 2ᴺ configurations (N ≤ 24).</summary>
    /// <returns>The exact moments.</returns>
    /// <exception cref="InvalidOperationException">N &gt; 24.</exception>
    public IsingExactMoments ExactMoments()
    {
        ValidateTemperature();
        CheckEnumerable(Sites, "spin configurations");
        var density = IsingDensityOfStates.Count([.. Enumerable.Range(0, Sites).Select(DistinctNeighbours)]);
        var sum = new WeightedLogSum(3);
        Span<double> values = stackalloc double[3];
        double beta = 1 / Temperature, n = Sites;
        foreach (var (bondSum, magnetisation, count) in density.Levels())
        {
            double energy = -Coupling * bondSum - Field * magnetisation;
            values[0] = energy / n;
            values[1] = magnetisation / n;
            values[2] = Math.Abs(magnetisation) / n;
            sum.Add(-beta * energy + Math.Log(count), values);
        }
        return new IsingExactMoments(sum.LogTotal, sum.Mean(0), sum.Mean(1), sum.Mean(2));
    }

    /// <inheritdoc/>
    public override double ExactLogPartition() => ExactMoments().LogPartition;

    /// <summary>The kernel struct of this model.</summary>
    /// <returns>The struct, with J and h rounded to float.</returns>
    public IsingEnergy ToKernel() => new(Rows, Columns, (float)Coupling, (float)Field);

    /// <inheritdoc/>
    public override DeviceEnergy CreateDevice(AcceleratorSession session)
    {
        ValidateTemperature();
        return new FixedDeviceEnergy<IsingEnergy>(session, Sites, ToKernel());
    }

    internal override DiscreteChains CreateChains(DeviceEnergy device, int chains, ulong seed, GibbsOptions options) =>
        new IsingChains((DeviceEnergy<IsingEnergy>)device, chains, seed, options.IsingUpdate);

    private int[] DistinctNeighbours(int site)
    {
        int row = site / Columns, column = site % Columns;
        var list = new List<int>(4);
        AddLine(list, column, Columns, step => row * Columns + step);
        AddLine(list, row, Rows, step => step * Columns + column);
        return [.. list];
    }

    // The distinct neighbours along one line of the torus: next and previous for length ≥ 3, the other site for 2, none for 1.
    private static void AddLine(List<int> list, int position, int length, Func<int, int> siteAt)
    {
        if (length >= 2)
            list.Add(siteAt((position + 1) % length));
        if (length >= 3)
            list.Add(siteAt((position + length - 1) % length));
    }
}
