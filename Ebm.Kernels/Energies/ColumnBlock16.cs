using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>Sixteen columns' sums (two AVX vectors), written out as named members.</summary>
public struct ColumnBlock16 : IColumnBlock
{
    private float s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15;

    /// <inheritdoc/>
    public readonly int Width => 16;

    /// <inheritdoc/>
    public void Start(ArrayView<float> values, long at)
    {
        s0 = values[at];
        s1 = values[at + 1];
        s2 = values[at + 2];
        s3 = values[at + 3];
        s4 = values[at + 4];
        s5 = values[at + 5];
        s6 = values[at + 6];
        s7 = values[at + 7];
        s8 = values[at + 8];
        s9 = values[at + 9];
        s10 = values[at + 10];
        s11 = values[at + 11];
        s12 = values[at + 12];
        s13 = values[at + 13];
        s14 = values[at + 14];
        s15 = values[at + 15];
    }

    /// <inheritdoc/>
    public void Add(ArrayView<float> matrix, long at, float x)
    {
        s0 += matrix[at] * x;
        s1 += matrix[at + 1] * x;
        s2 += matrix[at + 2] * x;
        s3 += matrix[at + 3] * x;
        s4 += matrix[at + 4] * x;
        s5 += matrix[at + 5] * x;
        s6 += matrix[at + 6] * x;
        s7 += matrix[at + 7] * x;
        s8 += matrix[at + 8] * x;
        s9 += matrix[at + 9] * x;
        s10 += matrix[at + 10] * x;
        s11 += matrix[at + 11] * x;
        s12 += matrix[at + 12] * x;
        s13 += matrix[at + 13] * x;
        s14 += matrix[at + 14] * x;
        s15 += matrix[at + 15] * x;
    }

    /// <inheritdoc/>
    public readonly void StoreFrom<TSink>(TSink sink, int chain, int offset, int firstColumn)
        where TSink : struct, ITileSink
    {
        if (firstColumn <= offset)
            sink.Store(chain, offset, s0);
        if (firstColumn <= offset + 1)
            sink.Store(chain, offset + 1, s1);
        if (firstColumn <= offset + 2)
            sink.Store(chain, offset + 2, s2);
        if (firstColumn <= offset + 3)
            sink.Store(chain, offset + 3, s3);
        if (firstColumn <= offset + 4)
            sink.Store(chain, offset + 4, s4);
        if (firstColumn <= offset + 5)
            sink.Store(chain, offset + 5, s5);
        if (firstColumn <= offset + 6)
            sink.Store(chain, offset + 6, s6);
        if (firstColumn <= offset + 7)
            sink.Store(chain, offset + 7, s7);
        if (firstColumn <= offset + 8)
            sink.Store(chain, offset + 8, s8);
        if (firstColumn <= offset + 9)
            sink.Store(chain, offset + 9, s9);
        if (firstColumn <= offset + 10)
            sink.Store(chain, offset + 10, s10);
        if (firstColumn <= offset + 11)
            sink.Store(chain, offset + 11, s11);
        if (firstColumn <= offset + 12)
            sink.Store(chain, offset + 12, s12);
        if (firstColumn <= offset + 13)
            sink.Store(chain, offset + 13, s13);
        if (firstColumn <= offset + 14)
            sink.Store(chain, offset + 14, s14);
        if (firstColumn <= offset + 15)
            sink.Store(chain, offset + 15, s15);
    }

    /// <inheritdoc/>
    public readonly float this[int j] => j switch
    {
        0 => s0,
        1 => s1,
        2 => s2,
        3 => s3,
        4 => s4,
        5 => s5,
        6 => s6,
        7 => s7,
        8 => s8,
        9 => s9,
        10 => s10,
        11 => s11,
        12 => s12,
        13 => s13,
        14 => s14,
        _ => s15,
    };
}
