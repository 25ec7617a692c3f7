using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// The transposed weight copies of <see cref="ITransposedWeights"/> networks. Both kinds store each layer as PyTorch
/// does, a weight [fan-out, fan-in] row-major then fan-out biases, and the copy holds every layer's Wᵀ [fan-in, fan-out]
/// one after the other.
/// </summary>
public static class WeightTransposition
{
    /// <summary>Derives value t of the network's transposed weights (<see cref="ITransposedWeights.WriteTransposedWeight"/>).</summary>
    /// <typeparam name="TNetwork">The network.</typeparam>
    /// <param name="t">The value (adjacent threads write adjacent floats).</param>
    /// <param name="network">The network.</param>
    public static void Transpose<TNetwork>(Index1D t, TNetwork network)
        where TNetwork : struct, ITransposedWeights =>
        network.WriteTransposedWeight(t);

    /// <summary>
    /// Writes value <paramref name="t"/> of the copy when it falls in the layer whose weights start at the two offsets
    /// (and returns true); otherwise moves both offsets past the layer and returns false, for the next layer.
    /// </summary>
    /// <param name="parameters">The flat parameters.</param>
    /// <param name="transposed">The copy.</param>
    /// <param name="t">The value of the copy.</param>
    /// <param name="fanIn">The layer's inputs.</param>
    /// <param name="fanOut">The layer's outputs.</param>
    /// <param name="parameterOffset">The layer's first weight among the parameters.</param>
    /// <param name="transposedOffset">The layer's first value in the copy.</param>
    /// <returns>Whether value t was in this layer.</returns>
    public static bool WriteInLayer(ArrayView<float> parameters, ArrayView<float> transposed, long t, int fanIn, int fanOut,
        ref long parameterOffset, ref long transposedOffset)
    {
        long local = t - transposedOffset, count = (long)fanIn * fanOut;
        if (local < count)
        {
            transposed[t] = parameters[parameterOffset + local % fanOut * fanIn + local / fanOut];
            return true;
        }
        transposedOffset += count;
        parameterOffset += count + fanOut;
        return false;
    }
}
