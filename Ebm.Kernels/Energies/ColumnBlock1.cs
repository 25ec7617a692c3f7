using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>One column's sum: the columns that no wider <see cref="IColumnBlock"/> covers.</summary>
public struct ColumnBlock1 : IColumnBlock
{
    private float sum;

    /// <inheritdoc/>
    public readonly int Width => 1;

    /// <inheritdoc/>
    public void Start(ArrayView<float> values, long at) => sum = values[at];

    /// <inheritdoc/>
    public void Add(ArrayView<float> matrix, long at, float x) => sum += matrix[at] * x;

    /// <inheritdoc/>
    public readonly void StoreFrom<TSink>(TSink sink, int chain, int offset, int firstColumn)
        where TSink : struct, ITileSink
    {
        if (firstColumn <= offset)
            sink.Store(chain, offset, sum);
    }

    /// <inheritdoc/>
    public readonly float this[int j] => sum;
}
