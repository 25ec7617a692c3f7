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

    /// <summary>The Philox stream of the words that pick an iteration's replay-buffer slots within their strata.</summary>
    public const uint SlotStream = 0xB0FF;

    /// <summary>The Philox stream of the decisions to restart a slot from fresh noise.</summary>
    public const uint RestartStream = 0xB0FE;

    /// <summary>The top bit that sets a row's data-noise stream (2³¹ + g) apart from the chain and row streams (g &lt; 2³¹).</summary>
    public const uint DataNoiseStreams = 0x8000_0000;

    /// <summary>rows[i] = the row batch row i draws from its stratum of the data (see <see cref="RowStrata"/>) with word g of stream <see cref="DataStream"/> at <paramref name="iteration"/>, g its run-wide index.</summary>
    /// <param name="i">The member's batch row.</param>
    /// <param name="rows">[B] output data rows, counted from the member's first.</param>
    /// <param name="strata">The data's strata.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="iteration">The iteration.</param>
    public static void DrawDataRows(Index1D i, ArrayView<int> rows, RowStrata strata, ulong seed, ulong iteration) =>
        rows[i] = strata.Draw(i, new PhiloxStream(seed, DataStream, iteration).WordAt((uint)strata.RunRow(i)));

    /// <summary>
    /// scatter[i] = the slot batch row i draws from its stratum of the buffer (see <see cref="RowStrata"/>; the slots are
    /// distinct), and gather[i] = the same slot, or −1 (restart from fresh noise) with probability <paramref name="restartProbability"/>,
    /// each from word g of its stream, g the row's run-wide index.
    /// </summary>
    /// <param name="i">The member's batch row.</param>
    /// <param name="gather">[B] rows to start the chains from.</param>
    /// <param name="scatter">[B] slots the chains are written back to.</param>
    /// <param name="strata">The buffer's strata (S ≥ B slots).</param>
    /// <param name="restartProbability">The chance of a fresh start.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="iteration">The iteration.</param>
    public static void DrawBufferSlots(Index1D i, ArrayView<int> gather, ArrayView<int> scatter, RowStrata strata, float restartProbability,
        ulong seed, ulong iteration)
    {
        uint row = (uint)strata.RunRow(i);
        int slot = strata.Draw(i, new PhiloxStream(seed, SlotStream, iteration).WordAt(row));
        bool restart = RandomBits.ToUniform(new PhiloxStream(seed, RestartStream, iteration).WordAt(row)) < restartProbability;
        scatter[i] = slot;
        gather[i] = restart ? -1 : slot;
    }

    /// <summary>
    /// batch[i] = source[indices[i]], or, where indices[i] is negative, a fresh point uniform in the box
    /// [low, high]ᵈ (stream firstStream + i of the seed at the given step): the persistent-CD reinitialisation.
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
    /// <param name="firstStream">The stream of row 0: the run-wide index of the member's first row.</param>
    public static void Gather(Index1D i, ArrayView<float> source, ArrayView<int> indices, ArrayView<float> batch, PointLayout layout,
        ArrayView<float> low, ArrayView<float> high, ulong seed, ulong step, int firstStream)
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
        var random = new PhiloxStream(seed, (uint)(firstStream + i.X), step);
        for (int j = 0; j < d; j++)
            batch[layout.At(i, j)] = low[j] + (high[j] - low[j]) * random.NextUniform();
    }

    /// <summary>
    /// batch[i] ← clamp(batch[i] + σ·ξ, low, high) for ξ standard normal from stream 2³¹ + g of the seed at the iteration,
    /// g the row's run-wide index: the noise image EBMs add to their data (no clamp where low &gt; high).
    /// </summary>
    /// <param name="i">The member's batch row.</param>
    /// <param name="batch">[B, d] row-major.</param>
    /// <param name="dimension">d.</param>
    /// <param name="scale">σ.</param>
    /// <param name="low">The clamp box's lower bound.</param>
    /// <param name="high">Its upper bound.</param>
    /// <param name="seed">The training seed.</param>
    /// <param name="iteration">The iteration.</param>
    /// <param name="firstRow">The run-wide index of the member's first row.</param>
    public static void AddNoise(Index1D i, ArrayView<float> batch, int dimension, float scale, float low, float high, ulong seed, ulong iteration, int firstRow)
    {
        var random = new PhiloxStream(seed, DataNoiseStreams | (uint)(firstRow + i.X), iteration);
        long origin = (long)i.X * dimension;
        for (int j = 0; j < dimension; j++)
        {
            float value = batch[origin + j] + scale * random.NextNormal();
            batch[origin + j] = low <= high ? (value < low ? low : value > high ? high : value) : value;
        }
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
