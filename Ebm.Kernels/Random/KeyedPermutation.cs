namespace Ebm.Kernels.Random;

/// <summary>
/// A pseudo-random permutation of [0, n) chosen by a Philox key and counter: the swap-or-not shuffle (Hoang, Morris &amp;
/// Rogaway 2012), which works on any n without cycle walking and stays close to uniform on small domains, where Feistel
/// networks do not. Its first k values are k distinct indices drawn without replacement, each computed on its own, so a
/// batch can pick distinct replay-buffer slots in parallel, one thread per slot, with no collisions to resolve.
/// </summary>
/// <remarks>
/// Round r draws Kᵣ uniform in [0, n) and a random bit function Fᵣ; it maps x to x' = (Kᵣ − x) mod n when Fᵣ(max(x, x'))
/// is 1 and leaves it otherwise. Each round is a bijection (x and x' decide together), and 6·⌈log₂ n⌉ + 6 rounds follow
/// the paper's bound for a permutation indistinguishable from a uniform one.
/// </remarks>
public readonly struct KeyedPermutation
{
    private readonly ulong count;
    private readonly uint rounds;
    private readonly ulong seed;
    private readonly uint streamId;
    private readonly ulong step;

    /// <summary>The permutation of [0, <paramref name="count"/>) of stream <paramref name="streamId"/> of <paramref name="seed"/> at <paramref name="step"/>.</summary>
    /// <param name="count">n ≥ 1.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="streamId">The stream of the round keys; the round functions use it with the top bit flipped, and neither may serve anything else.</param>
    /// <param name="step">The step (a training iteration), below 2⁵⁶.</param>
    public KeyedPermutation(int count, ulong seed, uint streamId, ulong step)
    {
        this.count = (ulong)count;
        uint bits = 0;
        while ((1UL << (int)bits) < (ulong)count)
            bits++;
        rounds = 6 * bits + 6;
        this.seed = seed;
        this.streamId = streamId;
        this.step = step;
    }

    /// <summary>π(<paramref name="index"/>).</summary>
    /// <param name="index">An index in [0, n).</param>
    /// <returns>Its image in [0, n).</returns>
    public int Apply(int index)
    {
        var keys = new PhiloxStream(seed, streamId, step);
        ulong value = (ulong)index;
        for (uint round = 0; round < rounds; round++)
        {
            var roundKey = keys.BlockAt(round);
            ulong key = ((ulong)roundKey.X0 << 32 | roundKey.X1) % count; // a bias of n/2⁶⁴ at most
            ulong partner = (key + count - value) % count;
            ulong larger = value > partner ? value : partner;
            var bits = new PhiloxStream(seed, streamId ^ 0x8000_0000u, step << 8 | round).BlockAt((uint)larger);
            if ((bits.X0 & 1) != 0)
                value = partner;
        }
        return (int)value;
    }
}
