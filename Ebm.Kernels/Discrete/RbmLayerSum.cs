namespace Ebm.Kernels.Discrete;

/// <summary>
/// Which layer of an RBM <see cref="RbmEnumerationKernels.LogSums"/> enumerates, and how the work is split: the 2^n
/// configurations of the enumerated layer in Gray-code order, <see cref="Span"/> consecutive codes per thread.
/// </summary>
public struct RbmLayerSum
{
    /// <summary>V, the visible units.</summary>
    public int Visible;

    /// <summary>H, the hidden units.</summary>
    public int Hidden;

    /// <summary>The enumerated layer.</summary>
    public EnumeratedLayer Layer;

    /// <summary>Codes per thread, a power of two; threads × span = 2^n.</summary>
    public int Span;

    /// <summary>1/T.</summary>
    public double InverseTemperature;

    /// <summary>Whether the hidden layer is enumerated.</summary>
    public readonly bool OverHidden => Layer == EnumeratedLayer.Hidden;

    /// <summary>n, the enumerated layer's units.</summary>
    public readonly int Own => OverHidden ? Hidden : Visible;

    /// <summary>The other layer's units.</summary>
    public readonly int Other => OverHidden ? Visible : Hidden;

    /// <summary>Where W_{hidden j, visible k} is in the flat parameters (W [H, V] row-major first).</summary>
    /// <param name="other">The unit of the other layer.</param>
    /// <param name="own">The unit of the enumerated layer.</param>
    /// <returns>The index.</returns>
    public readonly long Coupling(int other, int own) => OverHidden ? (long)own * Visible + other : (long)other * Visible + own;

    /// <summary>Where the enumerated layer's bias of <paramref name="own"/> is (b follows W, c follows b).</summary>
    /// <param name="own">The unit.</param>
    /// <returns>The index.</returns>
    public readonly long OwnBias(int own) => (long)Hidden * Visible + (OverHidden ? Visible + own : own);

    /// <summary>Where the other layer's bias of <paramref name="other"/> is.</summary>
    /// <param name="other">The unit.</param>
    /// <returns>The index.</returns>
    public readonly long OtherBias(int other) => (long)Hidden * Visible + (OverHidden ? other : Visible + other);
}
