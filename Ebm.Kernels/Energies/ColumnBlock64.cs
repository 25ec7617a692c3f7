using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>Sixty-four columns' sums, as four <see cref="ColumnBlock16"/>s: enough independent adds to keep a core's vector units busy.</summary>
public struct ColumnBlock64 : IColumnBlock
{
    private const int Quarter = 16;

    private ColumnBlock16 first, second, third, fourth;

    /// <inheritdoc/>
    public readonly int Width => 4 * Quarter;

    /// <inheritdoc/>
    public void Start(ArrayView<float> values, long at)
    {
        first.Start(values, at);
        second.Start(values, at + Quarter);
        third.Start(values, at + 2 * Quarter);
        fourth.Start(values, at + 3 * Quarter);
    }

    /// <inheritdoc/>
    public void Add(ArrayView<float> matrix, long at, float x)
    {
        first.Add(matrix, at, x);
        second.Add(matrix, at + Quarter, x);
        third.Add(matrix, at + 2 * Quarter, x);
        fourth.Add(matrix, at + 3 * Quarter, x);
    }

    /// <inheritdoc/>
    public readonly void StoreFrom<TSink>(TSink sink, int chain, int offset, int firstColumn)
        where TSink : struct, ITileSink
    {
        for (int q = 0; q < 4; q++)
            QuarterBlock(q).StoreFrom(sink, chain, offset + q * Quarter, firstColumn);
    }

    /// <inheritdoc/>
    public readonly float this[int j] => (j / Quarter) switch
    {
        0 => first[j],
        1 => second[j - Quarter],
        2 => third[j - 2 * Quarter],
        _ => fourth[j - 3 * Quarter],
    };

    // Quarter q's sixteen sums.
    private readonly ColumnBlock16 QuarterBlock(int q) => q switch
    {
        0 => first,
        1 => second,
        2 => third,
        _ => fourth,
    };
}
