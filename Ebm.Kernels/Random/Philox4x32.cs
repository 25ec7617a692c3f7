namespace Ebm.Kernels.Random;

/// <summary>The Philox4x32-10 counter-based bijection (Salmon et al., SC'11; Random123, cuRAND, JAX).</summary>
/// <remarks>
/// A block of four 32-bit outputs is a pure function of a 128-bit counter and a 64-bit key, computed
/// with 32-bit integer multiplies only: every accelerator produces the same bits.
/// </remarks>
public static class Philox4x32
{
    /// <summary>Multiplier of the first word pair.</summary>
    public const uint Multiplier0 = 0xD2511F53;

    /// <summary>Multiplier of the second word pair.</summary>
    public const uint Multiplier1 = 0xCD9E8D57;

    /// <summary>Weyl increment of key word 0 (golden ratio).</summary>
    public const uint KeyIncrement0 = 0x9E3779B9;

    /// <summary>Weyl increment of key word 1 (√3 − 1).</summary>
    public const uint KeyIncrement1 = 0xBB67AE85;

    /// <summary>Number of rounds (10, the Crush-resistant recommended count).</summary>
    public const int Rounds = 10;

    /// <summary>Maps <paramref name="counter"/> under the key (<paramref name="key0"/>, <paramref name="key1"/>) to one output block.</summary>
    /// <param name="counter">The 128-bit counter.</param>
    /// <param name="key0">Key word 0.</param>
    /// <param name="key1">Key word 1.</param>
    /// <returns>Four pseudo-random words.</returns>
    public static PhiloxBlock Generate(PhiloxBlock counter, uint key0, uint key1)
    {
        uint x0 = counter.X0, x1 = counter.X1, x2 = counter.X2, x3 = counter.X3;
        for (int round = 0; round < Rounds; round++)
        {
            ulong product0 = (ulong)Multiplier0 * x0;
            ulong product1 = (ulong)Multiplier1 * x2;
            uint hi0 = (uint)(product0 >> 32), lo0 = (uint)product0;
            uint hi1 = (uint)(product1 >> 32), lo1 = (uint)product1;
            // (x0, x1, x2, x3) <- (hi1 ^ x1 ^ k0, lo1, hi0 ^ x3 ^ k1, lo0)
            x0 = hi1 ^ x1 ^ key0;
            x1 = lo1;
            x2 = hi0 ^ x3 ^ key1;
            x3 = lo0;
            key0 += KeyIncrement0;
            key1 += KeyIncrement1;
        }
        return new PhiloxBlock(x0, x1, x2, x3);
    }
}
