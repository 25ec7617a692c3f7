using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// Running sums of <see cref="Width"/> adjacent columns for each of <see cref="Chains"/> adjacent chains: a register tile
/// of a batched matrix product, in which every matrix value loaded serves all the tile's chains.
/// </summary>
/// <remarks>
/// Chain c's input of a term is <c>inputs[inputAt + c]</c>: the chains' values of one workspace entry, which the
/// blocked workspace layout (<see cref="PointLayout.Blocked"/>) stores side by side. Each sum runs over its terms in order,
/// whatever the tile's shape, so every tile gives the same bits.
/// </remarks>
public interface IChainTile
{
    /// <summary>The adjacent chains (workspace slots) the tile sums for.</summary>
    int Chains { get; }

    /// <summary>The adjacent columns of each chain's sums.</summary>
    int Width { get; }

    /// <summary>Starts every chain's sums at <c>values[at + j]</c> (a layer's biases).</summary>
    /// <param name="values">The starting values.</param>
    /// <param name="at">The offset of column 0.</param>
    void Start(ArrayView<float> values, long at);

    /// <summary>Adds <c>matrix[at + j] · inputs[inputAt + c]</c> to sum j of chain c.</summary>
    /// <param name="matrix">The matrix row.</param>
    /// <param name="at">The offset of column 0 in the row.</param>
    /// <param name="inputs">The buffer of the chains' inputs.</param>
    /// <param name="inputAt">The offset of chain 0's input.</param>
    void Add(ArrayView<float> matrix, long at, ArrayView<float> inputs, long inputAt);

    /// <summary>
    /// Hands every chain's sums of columns <paramref name="firstColumn"/> … <see cref="Width"/> − 1 to <paramref name="sink"/>, the
    /// tile's chain c as chain <paramref name="chainOffset"/> + c.
    /// </summary>
    /// <typeparam name="TSink">The sink.</typeparam>
    /// <param name="sink">The sink.</param>
    /// <param name="chainOffset">The sink's chain of the tile's chain 0.</param>
    /// <param name="firstColumn">The first column to store.</param>
    void StoreFrom<TSink>(TSink sink, int chainOffset, int firstColumn)
        where TSink : struct, ITileSink;
}
