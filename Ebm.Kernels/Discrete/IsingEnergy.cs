using Ebm.Kernels.Energies;
using ILGPU;

namespace Ebm.Kernels.Discrete;

/// <summary>
/// The Ising model on a periodic rows × columns lattice: E(s) = −J Σ_⟨ij⟩ sᵢsⱼ − h Σᵢ sᵢ, spins sᵢ = ±1 stored as
/// floats, site i = row · columns + column.
/// </summary>
/// <remarks>
/// <para>Σ_⟨ij⟩ runs over the distinct nearest-neighbour pairs of the torus, each once: a line of length L ≥ 3
/// contributes L bonds (the wrap-around one included), a line of length 2 one bond (its two sites are each other's
/// left and right neighbour, counted once), a line of length 1 none. So a 1 × N lattice (N ≥ 3) is the periodic
/// Ising chain, and a 2 × 2 lattice is a ring of four spins.</para>
/// <para>Heat-bath (Gibbs) update of site i at inverse temperature β: P(sᵢ = +1 | rest) = σ(2β(J nᵢ + h)), nᵢ the sum
/// of its distinct neighbours (<see cref="NeighbourSum"/>). As an <see cref="IEnergy"/>, E is the polynomial above
/// over real s, whose gradient is ∂E/∂sᵢ = −J nᵢ − h; the Gibbs kernels do not use it.</para>
/// </remarks>
/// <param name="rows">Lattice rows (≥ 1).</param>
/// <param name="columns">Lattice columns (≥ 1).</param>
/// <param name="coupling">J (ferromagnetic when positive).</param>
/// <param name="externalField">h.</param>
public readonly struct IsingEnergy(int rows, int columns, float coupling, float externalField) : IEnergy
{
    /// <summary>Lattice rows.</summary>
    public int Rows => rows;

    /// <summary>Lattice columns.</summary>
    public int Columns => columns;

    /// <summary>J.</summary>
    public float Coupling => coupling;

    /// <summary>h.</summary>
    public float Field => externalField;

    /// <summary>The number of sites N = rows · columns.</summary>
    public int Sites => rows * columns;

    /// <inheritdoc/>
    public int Dimension => Sites;

    /// <inheritdoc/>
    public float Energy(PointView point, int slot)
    {
        float bonds = 0, magnetisation = 0;
        for (int site = 0; site < Sites; site++)
        {
            int row = site / columns, column = site - row * columns;
            float spin = point[site];
            magnetisation += spin;
            if (column + 1 < columns || columns > 2) // right bond, wrapping only on lines of 3 or more
                bonds += spin * point[column + 1 < columns ? site + 1 : site - column];
            if (row + 1 < rows || rows > 2)          // bond below, likewise
                bonds += spin * point[row + 1 < rows ? site + columns : column];
        }
        return -coupling * bonds - externalField * magnetisation;
    }

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        for (int site = 0; site < Sites; site++)
            gradient[site] = -LocalField(point, site);
        return Energy(point, slot);
    }

    /// <summary>nᵢ: the sum of the distinct nearest neighbours of <paramref name="site"/> (0 to 4 of them).</summary>
    /// <param name="spins">The configuration.</param>
    /// <param name="site">i.</param>
    /// <returns>nᵢ.</returns>
    public float NeighbourSum(PointView spins, int site)
    {
        int row = site / columns, column = site - row * columns;
        return LineNeighbours(spins, site, column, columns, 1) + LineNeighbours(spins, site, row, rows, columns);
    }

    /// <summary>J nᵢ + h: flipping sᵢ changes E by 2 sᵢ (J nᵢ + h).</summary>
    /// <param name="spins">The configuration.</param>
    /// <param name="site">i.</param>
    /// <returns>The local field.</returns>
    public float LocalField(PointView spins, int site) => coupling * NeighbourSum(spins, site) + externalField;

    /// <summary>M = Σᵢ sᵢ.</summary>
    /// <param name="spins">The configuration.</param>
    /// <returns>The total magnetisation.</returns>
    public float Magnetisation(PointView spins)
    {
        float sum = 0;
        for (int site = 0; site < Sites; site++)
            sum += spins[site];
        return sum;
    }

    /// <summary>The checkerboard colour of <paramref name="site"/>: (row + column) mod 2.</summary>
    /// <param name="site">i.</param>
    /// <returns>0 (black) or 1 (white).</returns>
    public int Colour(int site)
    {
        int row = site / columns;
        return (row + site - row * columns) & 1;
    }

    // The distinct neighbours of a site along one axis (position p on a line of length L, stride between sites):
    // two for L ≥ 3, one for L = 2, none for L = 1.
    private static float LineNeighbours(PointView spins, int site, int position, int length, int stride)
    {
        if (length == 1)
            return 0;
        float next = spins[position + 1 < length ? site + stride : site - position * stride];
        if (length == 2)
            return next;
        return next + spins[position > 0 ? site - stride : site + (length - 1) * stride];
    }
}
