using ILGPU;

namespace Ebm.Kernels.Random;

/// <summary>Kernels that expose the random streams directly: for validation across accelerators and for statistical tests.</summary>
public static class RandomKernels
{
    /// <summary>Writes the first words of stream <paramref name="stream"/> at <paramref name="step"/> into row <paramref name="stream"/> of <paramref name="output"/>.</summary>
    /// <param name="stream">The stream id (one thread per stream).</param>
    /// <param name="output">Row-major [streams, wordsPerStream].</param>
    /// <param name="wordsPerStream">Words written per stream.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="step">The step index.</param>
    public static void FillWords(Index1D stream, ArrayView<uint> output, int wordsPerStream, ulong seed, ulong step)
    {
        var random = new PhiloxStream(seed, (uint)stream.X, step);
        long offset = (long)stream.X * wordsPerStream;
        for (int i = 0; i < wordsPerStream; i++)
            output[offset + i] = random.NextUInt();
    }

    /// <summary>Writes standard normals of stream <paramref name="stream"/> at <paramref name="step"/> into its row of <paramref name="output"/>.</summary>
    /// <param name="stream">The stream id (one thread per stream).</param>
    /// <param name="output">Row-major [streams, valuesPerStream].</param>
    /// <param name="valuesPerStream">Normals written per stream.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="step">The step index.</param>
    public static void FillNormals(Index1D stream, ArrayView<float> output, int valuesPerStream, ulong seed, ulong step)
    {
        var random = new PhiloxStream(seed, (uint)stream.X, step);
        long offset = (long)stream.X * valuesPerStream;
        for (int i = 0; i < valuesPerStream; i += 2)
        {
            output[offset + i] = random.NextNormalPair(out float second);
            if (i + 1 < valuesPerStream)
                output[offset + i + 1] = second;
        }
    }
}
