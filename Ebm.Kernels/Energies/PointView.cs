using System.Runtime.CompilerServices;
using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// The coordinates of one point (or of its gradient) as an energy sees them: value i at offset i · stride of a view.
/// Energies index it without knowing the layout behind it.
/// </summary>
/// <remarks><see cref="PointLayout.Of"/> makes one: stride 1 for row-major points, 16 for blocked chain state.</remarks>
/// <param name="values">The buffer that holds the point.</param>
/// <param name="offset">The offset of coordinate 0 in <paramref name="values"/>.</param>
/// <param name="stride">The distance between consecutive coordinates.</param>
public readonly struct PointView(ArrayView<float> values, long offset, int stride)
{
    /// <summary>Coordinate <paramref name="i"/>.</summary>
    /// <param name="i">The coordinate index.</param>
    public ref float this[int i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref values[offset + (long)i * stride];
    }
}
