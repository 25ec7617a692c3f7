namespace Ebm.Facade.Distributed;

/// <summary>
/// The processes (MPI ranks) that share one sampling run: member r owns a contiguous block of the run's chains (see
/// <see cref="ChainShard"/>), and every cross-chain quantity is formed from all members' values in chain order, so a
/// sharded run computes what one process computes.
/// </summary>
public interface IChainGroup
{
    /// <summary>This member's index, 0 … <see cref="Size"/> − 1.</summary>
    int Rank { get; }

    /// <summary>The number of members.</summary>
    int Size { get; }

    /// <summary>Every member's <paramref name="local"/> bytes, concatenated in rank order (sizes may differ); a collective call.</summary>
    /// <param name="local">This member's bytes.</param>
    /// <returns>The concatenation, the same on every member.</returns>
    byte[] AllGather(ReadOnlySpan<byte> local);
}
