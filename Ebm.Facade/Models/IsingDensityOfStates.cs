using System.Numerics;

namespace Ebm.Facade.Models;

/// <summary>
/// The number g(A, M) of Ising configurations with bond sum A = Σ_⟨ij⟩ sᵢsⱼ and magnetisation M = Σᵢ sᵢ, counted by
/// visiting all 2ᴺ configurations in Gray-code order (one spin flip, integer updates, per configuration).
/// </summary>
/// <remarks>E = −J A − h M, so g gives Z and every moment of E and M at any J, h and T in exact integer counts.</remarks>
internal sealed class IsingDensityOfStates
{
    private readonly long[] counts;

    private IsingDensityOfStates(int sites, int bonds, long[] counts)
    {
        Sites = sites;
        Bonds = bonds;
        this.counts = counts;
    }

    public int Sites { get; }

    public int Bonds { get; }

    /// <summary>Counts the configurations of a lattice given by each site's distinct neighbours.</summary>
    public static IsingDensityOfStates Count(IReadOnlyList<int[]> neighbours)
    {
        int sites = neighbours.Count;
        int bonds = neighbours.Sum(list => list.Length) / 2;
        var counts = new long[(2 * bonds + 1) * (sites + 1)];
        var spins = new int[sites];
        Array.Fill(spins, -1);
        int bondSum = bonds, magnetisation = -sites; // all spins down
        counts[Index(bondSum, magnetisation, sites, bonds)]++;
        long states = 1L << sites;
        for (long code = 1; code < states; code++)
        {
            int site = BitOperations.TrailingZeroCount(code); // the spin that flips between Gray codes code − 1 and code
            int old = spins[site], neighbourSum = 0;
            foreach (int neighbour in neighbours[site])
                neighbourSum += spins[neighbour];
            bondSum -= 2 * old * neighbourSum;
            magnetisation -= 2 * old;
            spins[site] = -old;
            counts[Index(bondSum, magnetisation, sites, bonds)]++;
        }
        return new IsingDensityOfStates(sites, bonds, counts);
    }

    /// <summary>Every (A, M) with g(A, M) &gt; 0.</summary>
    public IEnumerable<(int BondSum, int Magnetisation, long Count)> Levels()
    {
        for (int bondSum = -Bonds; bondSum <= Bonds; bondSum++)
        {
            for (int magnetisation = -Sites; magnetisation <= Sites; magnetisation += 2)
            {
                long count = counts[Index(bondSum, magnetisation, Sites, Bonds)];
                if (count > 0)
                    yield return (bondSum, magnetisation, count);
            }
        }
    }

    private static int Index(int bondSum, int magnetisation, int sites, int bonds) =>
        (bondSum + bonds) * (sites + 1) + (magnetisation + sites) / 2;
}
