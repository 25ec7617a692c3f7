using System.Runtime.CompilerServices;
using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>A tile of one chain: the column block <typeparamref name="TBlock"/> (a thread that evaluates its chain alone).</summary>
/// <typeparam name="TBlock">The column block.</typeparam>
public struct SingleChainTile<TBlock> : IChainTile
    where TBlock : struct, IColumnBlock
{
    private TBlock sums;

    /// <inheritdoc/>
    public readonly int Chains => 1;

    /// <inheritdoc/>
    public readonly int Width => default(TBlock).Width;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Start(ArrayView<float> values, long at)
    {
        sums = default;
        sums.Start(values, at);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ArrayView<float> matrix, long at, ArrayView<float> inputs, long inputAt) => sums.Add(matrix, at, inputs[inputAt]);

    /// <inheritdoc/>
    public readonly void StoreFrom<TSink>(TSink sink, int chainOffset, int firstColumn)
        where TSink : struct, ITileSink => sums.StoreFrom(sink, chainOffset, 0, firstColumn);
}
