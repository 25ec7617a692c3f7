using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// <see cref="Width"/> dot products over adjacent columns of a row-major matrix, accumulated together: each step adds
/// <see cref="Width"/> adjacent values of one row times one scalar. The values are adjacent floats, so a CPU OpenCL
/// compiler turns a step into vector loads, multiplies and adds (a reduction along a row cannot be vectorised without
/// reordering its sum), the independent sums hide the latency of the adds, and a GPU warp whose threads share the matrix
/// reads the same addresses. Each sum still runs over its terms in order, so results do not depend on the width: kernels
/// cover a row with the widest blocks that fit (<see cref="ColumnBlock64"/>, then <see cref="ColumnBlock16"/>, then
/// <see cref="ColumnBlock1"/>), the last block of each width overlapping the one before it (<see cref="ColumnBlocks.Start"/>),
/// so narrower blocks only serve rows narrower than the wider ones.
/// </summary>
public interface IColumnBlock
{
    /// <summary>The columns summed together.</summary>
    int Width { get; }

    /// <summary>Starts sum j at <paramref name="values"/>[<paramref name="at"/> + j] (a bias); <c>default</c> starts them at 0.</summary>
    /// <param name="values">The starting values.</param>
    /// <param name="at">The offset of column 0's starting value.</param>
    void Start(ArrayView<float> values, long at);

    /// <summary>Adds <paramref name="matrix"/>[<paramref name="at"/> + j] · <paramref name="x"/> to sum j.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="at">The offset of this block's first column in the row.</param>
    /// <param name="x">The row's scalar.</param>
    void Add(ArrayView<float> matrix, long at, float x);

    /// <summary>
    /// Hands sums j = 0 … <see cref="Width"/> − 1 to <paramref name="sink"/> as columns <paramref name="offset"/> + j of chain
    /// <paramref name="chain"/>, skipping the columns before <paramref name="firstColumn"/>: one straight-line store per sum, where an
    /// index into the sums would make a compiler spill them to memory.
    /// </summary>
    /// <typeparam name="TSink">The sink.</typeparam>
    /// <param name="sink">The sink.</param>
    /// <param name="chain">The chain the sums belong to.</param>
    /// <param name="offset">The tile column of sum 0.</param>
    /// <param name="firstColumn">The first tile column to store.</param>
    void StoreFrom<TSink>(TSink sink, int chain, int offset, int firstColumn)
        where TSink : struct, ITileSink;

    /// <summary>Sum <paramref name="j"/>, 0 … <see cref="Width"/> − 1.</summary>
    /// <param name="j">The column within the block.</param>
    float this[int j] { get; }
}
