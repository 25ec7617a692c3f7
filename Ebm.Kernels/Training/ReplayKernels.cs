using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Training;

/// <summary>Moving rows between a row-major replay buffer (or data set) and a batch of either layout, on the device.</summary>
public static class ReplayKernels
{
    /// <summary>
    /// batch[i] = source[indices[i]], or, where indices[i] is negative, a fresh point uniform in the box
    /// [low, high]ᵈ (stream i of the seed at the given step): the persistent-CD reinitialisation.
    /// </summary>
    /// <param name="i">The batch row.</param>
    /// <param name="source">[S, d] rows.</param>
    /// <param name="indices">[B] source rows, or −1 for a fresh uniform point.</param>
    /// <param name="batch">[B, d] output, laid out as <paramref name="layout"/> says.</param>
    /// <param name="layout">The batch's layout.</param>
    /// <param name="low">[d] lower corner of the reinitialisation box.</param>
    /// <param name="high">[d] upper corner.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="step">The iteration (the Philox counter).</param>
    public static void Gather(Index1D i, ArrayView<float> source, ArrayView<int> indices, ArrayView<float> batch, PointLayout layout,
        ArrayView<float> low, ArrayView<float> high, ulong seed, ulong step)
    {
        int d = (int)low.Length;
        int index = indices[i];
        if (index >= 0)
        {
            long origin = (long)index * d;
            for (int j = 0; j < d; j++)
                batch[layout.At(i, j)] = source[origin + j];
            return;
        }
        var random = new PhiloxStream(seed, (uint)i.X, step);
        for (int j = 0; j < d; j++)
            batch[layout.At(i, j)] = low[j] + (high[j] - low[j]) * random.NextUniform();
    }

    /// <summary>destination[indices[i]] = batch[i] for indices[i] ≥ 0 (indices must be distinct).</summary>
    /// <param name="i">The batch row.</param>
    /// <param name="batch">[B, d] rows, laid out as <paramref name="layout"/> says.</param>
    /// <param name="layout">The batch's layout.</param>
    /// <param name="indices">[B] destination rows.</param>
    /// <param name="destination">[S, d].</param>
    /// <param name="dimension">d.</param>
    public static void Scatter(Index1D i, ArrayView<float> batch, PointLayout layout, ArrayView<int> indices, ArrayView<float> destination, int dimension)
    {
        int index = indices[i];
        if (index < 0)
            return;
        long target = (long)index * dimension;
        for (int j = 0; j < dimension; j++)
            destination[target + j] = batch[layout.At(i, j)];
    }
}
