using System.Runtime.CompilerServices;
using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>A tile of four adjacent chains, each with the column block <typeparamref name="TBlock"/>: each matrix value loaded serves four chains.</summary>
/// <typeparam name="TBlock">The column block of each chain (16 columns keep the tile's 64 sums in eight AVX2 registers).</typeparam>
public struct FourChainTile<TBlock> : IChainTile
    where TBlock : struct, IColumnBlock
{
    private TBlock first, second, third, fourth;

    /// <inheritdoc/>
    public readonly int Chains => 4;

    /// <inheritdoc/>
    public readonly int Width => default(TBlock).Width;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Start(ArrayView<float> values, long at)
    {
        first = second = third = fourth = default;
        first.Start(values, at);
        second.Start(values, at);
        third.Start(values, at);
        fourth.Start(values, at);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ArrayView<float> matrix, long at, ArrayView<float> inputs, long inputAt)
    {
        first.Add(matrix, at, inputs[inputAt]);
        second.Add(matrix, at, inputs[inputAt + 1]);
        third.Add(matrix, at, inputs[inputAt + 2]);
        fourth.Add(matrix, at, inputs[inputAt + 3]);
    }

    /// <inheritdoc/>
    public readonly void StoreFrom<TSink>(TSink sink, int chainOffset, int firstColumn)
        where TSink : struct, ITileSink
    {
        for (int c = 0; c < 4; c++)
            Block(c).StoreFrom(sink, chainOffset + c, 0, firstColumn);
    }

    // Chain c's sums.
    private readonly TBlock Block(int c) => c switch
    {
        0 => first,
        1 => second,
        2 => third,
        _ => fourth,
    };
}
