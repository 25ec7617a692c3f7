using Ebm.Facade.Distributed;

namespace Ebm.Tests.Support;

/// <summary>A group of threads in one process, standing in for MPI ranks: <see cref="IChainGroup.AllGather"/> meets at a barrier.</summary>
internal sealed class ThreadGroup : IDisposable
{
    private readonly Barrier barrier;
    private readonly byte[][] slots;

    /// <summary>A group of <paramref name="size"/> members.</summary>
    public ThreadGroup(int size)
    {
        barrier = new Barrier(size);
        slots = new byte[size][];
    }

    /// <summary>Runs <paramref name="work"/> for every member on its own thread and returns the results in rank order.</summary>
    public T[] Run<T>(Func<IChainGroup, T> work) =>
        [.. Enumerable.Range(0, slots.Length).Select(rank => Task.Factory.StartNew(() => work(new Member(this, rank)), TaskCreationOptions.LongRunning))
            .ToArray().Select(task => task.GetAwaiter().GetResult())];

    /// <inheritdoc/>
    public void Dispose() => barrier.Dispose();

    private sealed class Member(ThreadGroup group, int rank) : IChainGroup
    {
        public int Rank => rank;

        public int Size => group.slots.Length;

        public byte[] AllGather(ReadOnlySpan<byte> local)
        {
            group.slots[rank] = local.ToArray();
            group.barrier.SignalAndWait();
            byte[] all = [.. group.slots.SelectMany(bytes => bytes)];
            group.barrier.SignalAndWait(); // nobody overwrites a slot before every member has read them all
            return all;
        }
    }
}
