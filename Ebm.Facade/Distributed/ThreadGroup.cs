using System.Runtime.ExceptionServices;

namespace Ebm.Facade.Distributed;

/// <summary>
/// Members that are threads of one process, one per accelerator of a run sharded over several devices
/// (<c>--accelerator cuda:0,cuda:1</c>): <see cref="IChainGroup.AllGather"/> meets at a barrier. A member that fails
/// releases the others from the barrier, and <see cref="Run{T}"/> rethrows its exception.
/// </summary>
public sealed class ThreadGroup : IDisposable
{
    private readonly Barrier barrier;
    private readonly byte[][] slots;
    private readonly CancellationTokenSource failed = new();

    /// <summary>A group of <paramref name="size"/> members.</summary>
    /// <param name="size">The number of members, at least 1.</param>
    public ThreadGroup(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        barrier = new Barrier(size);
        slots = new byte[size][];
    }

    /// <summary>Runs <paramref name="work"/> for every member, each on its own thread, and returns the results in rank order.</summary>
    /// <param name="work">One member's work; it makes the same collective calls in the same order as every other member.</param>
    /// <returns>The members' results.</returns>
    public T[] Run<T>(Func<IChainGroup, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var members = Enumerable.Range(0, slots.Length).Select(rank => Task.Factory.StartNew(() =>
        {
            try
            {
                return work(new Member(this, rank));
            }
            catch (Exception e) when (e is not GroupFailedException)
            {
                failed.Cancel();
                throw;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            Task.WaitAll(members);
        }
        catch (AggregateException)
        {
            // The first member's own failure, not the others' release from the barrier.
            var cause = members.Select(member => member.Exception?.InnerException).First(e => e is not null and not GroupFailedException)!;
            ExceptionDispatchInfo.Throw(cause);
        }
        return [.. members.Select(member => member.Result)];
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        barrier.Dispose();
        failed.Dispose();
    }

    private void Meet()
    {
        try
        {
            barrier.SignalAndWait(failed.Token);
        }
        catch (OperationCanceledException)
        {
            throw new GroupFailedException();
        }
    }

    private sealed class Member(ThreadGroup group, int rank) : IChainGroup
    {
        public int Rank => rank;

        public int Size => group.slots.Length;

        public byte[] AllGather(ReadOnlySpan<byte> local)
        {
            group.slots[rank] = local.ToArray();
            group.Meet();
            byte[] all = [.. group.slots.SelectMany(bytes => bytes)];
            group.Meet(); // nobody overwrites a slot before every member has read them all
            return all;
        }
    }

    // Thrown in the members that another member's failure released from the barrier.
    private sealed class GroupFailedException : Exception
    {
    }
}
