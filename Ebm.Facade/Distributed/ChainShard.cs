using System.Runtime.InteropServices;

namespace Ebm.Facade.Distributed;

/// <summary>
/// This member's block of a run's chains: member r of R owns chains [First, First + Count), the blocks contiguous and in
/// rank order, their sizes multiples of <c>granularity</c> (superchains stay whole) differing by at most one granule.
/// </summary>
public sealed class ChainShard
{
    private readonly int[] counts;

    /// <summary>Splits <paramref name="totalChains"/> chains over <paramref name="group"/>.</summary>
    /// <param name="group">The members.</param>
    /// <param name="totalChains">The run's chains.</param>
    /// <param name="granularity">Chains that stay on one member (a superchain's), dividing <paramref name="totalChains"/>.</param>
    /// <exception cref="ArgumentException">Fewer granules than members: some member would hold no chain.</exception>
    public ChainShard(IChainGroup group, int totalChains, int granularity = 1)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentOutOfRangeException.ThrowIfLessThan(granularity, 1);
        int granules = totalChains / granularity;
        if (granules < group.Size)
            throw new ArgumentException($"{totalChains} chains in groups of {granularity} cannot be shared by {group.Size} processes: each needs at least one group", nameof(totalChains));
        Group = group;
        TotalChains = totalChains;
        counts = [.. Enumerable.Range(0, group.Size).Select(r => (granules / group.Size + (r < granules % group.Size ? 1 : 0)) * granularity)];
        First = counts.Take(group.Rank).Sum();
        Count = counts[group.Rank];
    }

    /// <summary>The members.</summary>
    public IChainGroup Group { get; }

    /// <summary>The run's chains, over all members.</summary>
    public int TotalChains { get; }

    /// <summary>The run-wide index of this member's first chain.</summary>
    public int First { get; }

    /// <summary>This member's chains.</summary>
    public int Count { get; }

    /// <summary>Whether this member is rank 0, which writes the run's outputs.</summary>
    public bool IsRoot => Group.Rank == 0;

    /// <summary>
    /// The run's values from this member's: <paramref name="local"/> is laid out [outer, Count, k] and the result
    /// [outer, TotalChains, k], each member's block in place; k = local.Length / (outer · Count).
    /// </summary>
    /// <param name="local">This member's values.</param>
    /// <param name="outer">The leading axis (draws), 1 for per-chain values.</param>
    /// <returns>Every member's values in chain order, the same on every member.</returns>
    public T[] Gather<T>(T[] local, int outer = 1)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(local);
        if (Group.Size == 1)
            return local;
        long perChain = local.Length / ((long)outer * Count);
        var gathered = MemoryMarshal.Cast<byte, T>(Group.AllGather(MemoryMarshal.AsBytes(local.AsSpan())));
        var result = new T[(long)outer * TotalChains * perChain];
        long offset = 0;
        for (int r = 0, first = 0; r < counts.Length; first += counts[r], r++)
        {
            long block = counts[r] * perChain;
            for (int n = 0; n < outer; n++, offset += block)
                gathered.Slice((int)offset, (int)block).CopyTo(result.AsSpan((int)(((long)n * TotalChains + first) * perChain), (int)block));
        }
        return result;
    }

    /// <summary>Σ over the members of their <paramref name="local"/> vectors, added in rank order so that every member gets the same bits.</summary>
    /// <param name="local">This member's vector; every member's has the same length.</param>
    /// <returns>The sum.</returns>
    public float[] Sum(float[] local)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (Group.Size == 1)
            return local;
        var all = MemoryMarshal.Cast<byte, float>(Group.AllGather(MemoryMarshal.AsBytes(local.AsSpan())));
        if (all.Length != local.Length * Group.Size)
            throw new InvalidOperationException($"the members' vectors differ in length: {all.Length} values from {Group.Size} members of {local.Length}");
        var sum = local.Length == 0 ? [] : all[..local.Length].ToArray();
        for (int r = 1; r < Group.Size; r++)
        {
            var part = all.Slice(r * local.Length, local.Length);
            for (int i = 0; i < sum.Length; i++)
                sum[i] += part[i];
        }
        return sum;
    }

    /// <summary>Whether <paramref name="flag"/> holds on any member: a decision every member takes together (to stop after the same iteration).</summary>
    /// <param name="flag">This member's.</param>
    /// <returns>The same on every member.</returns>
    public bool Any(bool flag) => Group.Size == 1 ? flag : Group.AllGather([flag ? (byte)1 : (byte)0]).Any(value => value != 0);
}
