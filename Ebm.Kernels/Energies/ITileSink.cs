namespace Ebm.Kernels.Energies;

/// <summary>Where a tile's finished sums go (<see cref="IChainTile.StoreFrom"/>).</summary>
public interface ITileSink
{
    /// <summary>Takes the sum of column <paramref name="column"/> of the tile's chain <paramref name="chain"/>.</summary>
    /// <param name="chain">The chain within the tile.</param>
    /// <param name="column">The column within the tile.</param>
    /// <param name="sum">Its sum.</param>
    void Store(int chain, int column, float sum);
}
