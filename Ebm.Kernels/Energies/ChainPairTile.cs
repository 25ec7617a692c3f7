using System.Runtime.CompilerServices;
using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>Two tiles side by side over twice the chains: <typeparamref name="TTile"/>'s chains, then the next as many.</summary>
/// <typeparam name="TTile">The tile of each half.</typeparam>
public struct ChainPairTile<TTile> : IChainTile
    where TTile : struct, IChainTile
{
    private TTile first, second;

    /// <inheritdoc/>
    public readonly int Chains => 2 * default(TTile).Chains;

    /// <inheritdoc/>
    public readonly int Width => default(TTile).Width;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Start(ArrayView<float> values, long at)
    {
        first = second = default;
        first.Start(values, at);
        second.Start(values, at);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ArrayView<float> matrix, long at, ArrayView<float> inputs, long inputAt)
    {
        first.Add(matrix, at, inputs, inputAt);
        second.Add(matrix, at, inputs, inputAt + default(TTile).Chains);
    }

    /// <inheritdoc/>
    public readonly void StoreFrom<TSink>(TSink sink, int chainOffset, int firstColumn)
        where TSink : struct, ITileSink
    {
        for (int half = 0; half < 2; half++)
            (half == 0 ? first : second).StoreFrom(sink, chainOffset + half * default(TTile).Chains, firstColumn);
    }
}
