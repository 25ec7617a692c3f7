using System.Runtime.CompilerServices;
using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// One value for each of <see cref="Count"/> mixture components, written out as named members: a CPU OpenCL compiler keeps
/// them in one AVX2 register and turns each operation into vector instructions, and a GPU thread keeps them in registers.
/// </summary>
/// <remarks>
/// The component parameters it loads lie lane by lane (<see cref="GaussianMixtureEnergy"/>'s blocked layout), so a load is
/// eight adjacent floats. Horizontal sums and maxima run in a fixed tree order, whatever the compiler vectorises.
/// </remarks>
public struct ComponentLanes
{
    /// <summary>The lanes: components per block of the mixture's layout.</summary>
    public const int Count = 8;

    private float v0, v1, v2, v3, v4, v5, v6, v7;

    /// <summary>The lanes <c>values[at + l]</c>.</summary>
    /// <param name="values">The values.</param>
    /// <param name="at">The offset of lane 0.</param>
    /// <returns>The lanes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ComponentLanes Load(ArrayView<float> values, long at) => new()
    {
        v0 = values[at],
        v1 = values[at + 1],
        v2 = values[at + 2],
        v3 = values[at + 3],
        v4 = values[at + 4],
        v5 = values[at + 5],
        v6 = values[at + 6],
        v7 = values[at + 7],
    };

    /// <summary>Subtracts ½ (x − μₗ)² / σₗ² from lane l: one coordinate's term of each component's log density.</summary>
    /// <param name="x">The point's coordinate.</param>
    /// <param name="means">μ of the coordinate, lane by lane from <paramref name="at"/>.</param>
    /// <param name="inverseVariances">1/σ² of the coordinate, likewise.</param>
    /// <param name="at">The offset of lane 0.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SubtractHalfSquare(float x, ArrayView<float> means, ArrayView<float> inverseVariances, long at)
    {
        v0 -= HalfSquare(x, means[at], inverseVariances[at]);
        v1 -= HalfSquare(x, means[at + 1], inverseVariances[at + 1]);
        v2 -= HalfSquare(x, means[at + 2], inverseVariances[at + 2]);
        v3 -= HalfSquare(x, means[at + 3], inverseVariances[at + 3]);
        v4 -= HalfSquare(x, means[at + 4], inverseVariances[at + 4]);
        v5 -= HalfSquare(x, means[at + 5], inverseVariances[at + 5]);
        v6 -= HalfSquare(x, means[at + 6], inverseVariances[at + 6]);
        v7 -= HalfSquare(x, means[at + 7], inverseVariances[at + 7]);
    }

    /// <summary>Σₗ wₗ (x − μₗ) / σₗ², the lanes being the weights wₗ: one coordinate's gradient term.</summary>
    /// <param name="x">The point's coordinate.</param>
    /// <param name="means">μ of the coordinate, lane by lane from <paramref name="at"/>.</param>
    /// <param name="inverseVariances">1/σ² of the coordinate, likewise.</param>
    /// <param name="at">The offset of lane 0.</param>
    /// <returns>The weighted sum.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float WeightedScaledOffsets(float x, ArrayView<float> means, ArrayView<float> inverseVariances, long at) => Tree(
        v0 * (x - means[at]) * inverseVariances[at],
        v1 * (x - means[at + 1]) * inverseVariances[at + 1],
        v2 * (x - means[at + 2]) * inverseVariances[at + 2],
        v3 * (x - means[at + 3]) * inverseVariances[at + 3],
        v4 * (x - means[at + 4]) * inverseVariances[at + 4],
        v5 * (x - means[at + 5]) * inverseVariances[at + 5],
        v6 * (x - means[at + 6]) * inverseVariances[at + 6],
        v7 * (x - means[at + 7]) * inverseVariances[at + 7]);

    /// <summary>The largest lane.</summary>
    /// <returns>max over l of lane l.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Max() =>
        MathF.Max(MathF.Max(MathF.Max(v0, v1), MathF.Max(v2, v3)), MathF.Max(MathF.Max(v4, v5), MathF.Max(v6, v7)));

    /// <summary>The lanes' sum.</summary>
    /// <returns>Σ over l of lane l.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Sum() => Tree(v0, v1, v2, v3, v4, v5, v6, v7);

    /// <summary>scaleₗ · exp(lane l − shift) for every lane: the components' weights relative to e^shift.</summary>
    /// <param name="shift">The subtracted value (the running maximum, so every exponential is at most 1).</param>
    /// <param name="scales">Each lane's factor, lane by lane from <paramref name="at"/> (0 for a padding lane).</param>
    /// <param name="at">The offset of lane 0.</param>
    /// <returns>The weights.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ComponentLanes ScaledExponentials(float shift, ArrayView<float> scales, long at) => new()
    {
        v0 = scales[at] * MathF.Exp(v0 - shift),
        v1 = scales[at + 1] * MathF.Exp(v1 - shift),
        v2 = scales[at + 2] * MathF.Exp(v2 - shift),
        v3 = scales[at + 3] * MathF.Exp(v3 - shift),
        v4 = scales[at + 4] * MathF.Exp(v4 - shift),
        v5 = scales[at + 5] * MathF.Exp(v5 - shift),
        v6 = scales[at + 6] * MathF.Exp(v6 - shift),
        v7 = scales[at + 7] * MathF.Exp(v7 - shift),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HalfSquare(float x, float mean, float inverseVariance)
    {
        float centred = x - mean;
        return 0.5f * centred * centred * inverseVariance;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tree(float a0, float a1, float a2, float a3, float a4, float a5, float a6, float a7) =>
        (a0 + a1 + (a2 + a3)) + (a4 + a5 + (a6 + a7));
}
