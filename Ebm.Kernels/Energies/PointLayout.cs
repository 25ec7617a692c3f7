using System.Runtime.CompilerServices;
using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// Where coordinate j of point (row, chain) i lives in a buffer of points: ((⌊i/B⌋ · d) + j) · B + i mod B, blocks of B
/// points stored coordinate by coordinate ([N/B, d, B]). B = 1 is row-major [N, d].
/// </summary>
/// <remarks>
/// Chain state on CUDA and OpenCL uses B = <see cref="ChainBlock"/> (row-major on ILGPU's CPU accelerator): adjacent threads, one chain each, touch adjacent floats (a GPU warp's
/// access is two 64-byte segments; a PoCL work-group of 16 reads one vector), and the d coordinates of a block of chains
/// stay in one contiguous span (a plain [d, C] layout strides by 4·C bytes, which aliases in CPU caches when C is a
/// power of two). Buffers hold whole blocks: <see cref="Length"/> rounds the point count up.
/// </remarks>
public struct PointLayout
{
    /// <summary>The block size of chain state and per-chain workspaces.</summary>
    public const int ChainBlock = 1 << ChainBlockShift;

    private const int ChainBlockShift = 4;

    /// <summary>log₂ B: B is a power of two, so the block arithmetic is shifts and masks.</summary>
    public int BlockShift;

    /// <summary>d, the coordinates per point.</summary>
    public int Dimension;

    /// <summary>Row-major [N, d] (user data, replay buffers, the combined CD batch).</summary>
    /// <param name="dimension">d.</param>
    /// <returns>The layout.</returns>
    public static PointLayout RowMajor(int dimension) => new() { BlockShift = 0, Dimension = dimension };

    /// <summary>Blocks of <see cref="ChainBlock"/> points, coordinate by coordinate: chain state and workspaces.</summary>
    /// <param name="dimension">d.</param>
    /// <returns>The layout.</returns>
    public static PointLayout Blocked(int dimension) => new() { BlockShift = ChainBlockShift, Dimension = dimension };

    /// <summary>B, the points per block.</summary>
    public readonly int Block => 1 << BlockShift;

    /// <summary>The offset of coordinate <paramref name="j"/> of point <paramref name="point"/>.</summary>
    /// <param name="point">i.</param>
    /// <param name="j">j.</param>
    /// <returns>The offset.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly long At(int point, long j) => (((long)(point >> BlockShift) * Dimension + j) << BlockShift) + (point & (Block - 1));

    /// <summary>The floats a buffer of <paramref name="points"/> points needs (whole blocks).</summary>
    /// <param name="points">N.</param>
    /// <returns>⌈N/B⌉ · B · d.</returns>
    public readonly long Length(int points) => ((long)points + Block - 1) / Block * Block * Dimension;

    /// <summary>Point <paramref name="point"/>'s coordinates in <paramref name="values"/>.</summary>
    /// <param name="values">A buffer of this layout.</param>
    /// <param name="point">i.</param>
    /// <returns>Its d coordinates, B floats apart.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly PointView Of(ArrayView<float> values, int point) => new(values, At(point, 0), Block);
}
