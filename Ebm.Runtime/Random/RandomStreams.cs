using Ebm.Kernels.Random;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Random;

/// <summary>Checked launchers of <see cref="RandomKernels"/>: the Philox streams written out, for validation and statistical tests.</summary>
public static class RandomStreams
{
    /// <summary>Row s of the [streams, wordsPerStream] output gets the first words of stream s at <paramref name="step"/>.</summary>
    /// <param name="session">The session the output lives on.</param>
    /// <param name="output">[streams · wordsPerStream] words.</param>
    /// <param name="wordsPerStream">Words per stream (≥ 1, dividing the output length).</param>
    /// <param name="seed">The seed.</param>
    /// <param name="step">The step (the Philox counter).</param>
    public static void FillWords(AcceleratorSession session, DeviceVector<uint> output, int wordsPerStream, ulong seed, ulong step)
    {
        ArgumentNullException.ThrowIfNull(output);
        int streams = Streams(session, output.Length, wordsPerStream);
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<uint>, int, ulong, ulong>>(
            (Action<Index1D, ArrayView<uint>, int, ulong, ulong>)RandomKernels.FillWords);
        launch(session.Accelerator.DefaultStream, streams, output.View, wordsPerStream, seed, step);
    }

    /// <summary>Row s of the [streams, valuesPerStream] output gets the first standard normals of stream s at <paramref name="step"/>.</summary>
    /// <param name="session">The session the output lives on.</param>
    /// <param name="output">[streams · valuesPerStream] values.</param>
    /// <param name="valuesPerStream">Normals per stream (≥ 1, dividing the output length).</param>
    /// <param name="seed">The seed.</param>
    /// <param name="step">The step (the Philox counter).</param>
    public static void FillNormals(AcceleratorSession session, DeviceVector<float> output, int valuesPerStream, ulong seed, ulong step)
    {
        ArgumentNullException.ThrowIfNull(output);
        int streams = Streams(session, output.Length, valuesPerStream);
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, int, ulong, ulong>>(
            (Action<Index1D, ArrayView<float>, int, ulong, ulong>)RandomKernels.FillNormals);
        launch(session.Accelerator.DefaultStream, streams, output.View, valuesPerStream, seed, step);
    }

    private static int Streams(AcceleratorSession session, long length, int perStream)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(perStream, 1);
        if (length == 0 || length % perStream != 0 || length / perStream > int.MaxValue)
            throw new ArgumentException($"an output of {length} values is not a whole number of streams of {perStream}", "output");
        return (int)(length / perStream);
    }
}
