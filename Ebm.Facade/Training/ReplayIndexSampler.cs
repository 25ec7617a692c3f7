using Ebm.Kernels.Random;

namespace Ebm.Facade.Training;

/// <summary>Chooses, on the host and reproducibly, which rows an iteration reads: data rows and distinct replay-buffer slots.</summary>
/// <param name="seed">The training seed.</param>
internal sealed class ReplayIndexSampler(ulong seed)
{
    private const uint DataStream = 0xDA7A, BufferStream = 0xB0FF;

    /// <summary>B data rows drawn uniformly with replacement.</summary>
    public void DataRows(int iteration, int dataCount, Span<int> rows)
    {
        var random = new PhiloxStream(seed, DataStream, (ulong)iteration);
        for (int i = 0; i < rows.Length; i++)
            rows[i] = (int)(random.NextUInt() % (uint)dataCount);
    }

    /// <summary>
    /// B distinct buffer slots (scatter targets) and, per slot, the row to gather: the slot itself, or −1 (fresh noise)
    /// with probability <paramref name="reinitProbability"/>.
    /// </summary>
    public void BufferSlots(int iteration, int bufferSize, double reinitProbability, Span<int> gather, Span<int> scatter)
    {
        var random = new PhiloxStream(seed, BufferStream, (ulong)iteration);
        var taken = new HashSet<int>();
        for (int i = 0; i < scatter.Length; i++)
        {
            int slot;
            do
                slot = (int)(random.NextUInt() % (uint)bufferSize);
            while (!taken.Add(slot));
            scatter[i] = slot;
            gather[i] = random.NextUniform() < reinitProbability ? -1 : slot;
        }
    }
}
