using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Training;

/// <summary>
/// Choosing and moving rows between a row-major replay buffer (or data set) and a batch of either layout, on the device.
/// The choices of iteration t depend only on (seed, t), never on the launch.
/// </summary>
public static class ReplayKernels
{
    /// <summary>The Philox stream of the data rows an iteration reads.</summary>
    public const uint DataStream = 0xDA7A;

    /// <summary>The Philox stream of the permutation that picks an iteration's replay-buffer slots.</summary>
    public const uint SlotStream = 0xB0FF;

    /// <summary>The Philox stream of the decisions to restart a slot from fresh noise.</summary>
    public const uint RestartStream = 0xB0FE;

    /// <summary>rows[i] = word i of stream <see cref="DataStream"/> at <paramref name="iteration"/>, modulo n: B rows drawn uniformly with replacement.</summary>
    /// <param name="i">The batch row.</param>
    /// <param name="rows">[B] output data rows.</param>
    /// <param name="dataCount">n ≥ 1.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="iteration">The iteration.</param>
    public static void DrawDataRows(Index1D i, ArrayView<int> rows, int dataCount, ulong seed, ulong iteration) =>
        rows[i] = (int)(new PhiloxStream(seed, DataStream, iteration).WordAt((uint)i.X) % (uint)dataCount);

    /// <summary>
    /// scatter[i] = π(i) for a keyed permutation π of the S buffer slots (so the B slots are distinct, drawn without
    /// replacement), and gather[i] = the same slot, or −1 (restart from fresh noise) with probability
    /// <paramref name="restartProbability"/>.
    /// </summary>
    /// <param name="i">The batch row.</param>
    /// <param name="gather">[B] rows to start the chains from.</param>
    /// <param name="scatter">[B] slots the chains are written back to.</param>
    /// <param name="bufferSize">S ≥ B.</param>
    /// <param name="restartProbability">The chance of a fresh start.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="iteration">The iteration.</param>
    public static void DrawBufferSlots(Index1D i, ArrayView<int> gather, ArrayView<int> scatter, int bufferSize, float restartProbability,
        ulong seed, ulong iteration)
    {
        int slot = new KeyedPermutation(bufferSize, seed, SlotStream, iteration).Apply(i);
        bool restart = RandomBits.ToUniform(new PhiloxStream(seed, RestartStream, iteration).WordAt((uint)i.X)) < restartProbability;
        scatter[i] = slot;
        gather[i] = restart ? -1 : slot;
    }

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
