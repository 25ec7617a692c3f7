namespace Ebm.Tests.Kernels.Random;

/// <summary>
/// A plain, array-based Philox4x32-10 written from the Random123 specification, independent of the
/// kernel code: the host reference the kernels must match bit for bit.
/// </summary>
public static class ReferencePhilox
{
    public static uint[] Block(uint[] counter, uint[] key)
    {
        uint[] x = (uint[])counter.Clone();
        uint[] k = (uint[])key.Clone();
        for (int round = 0; round < 10; round++)
        {
            if (round > 0)
            {
                k[0] = unchecked(k[0] + 0x9E3779B9u);
                k[1] = unchecked(k[1] + 0xBB67AE85u);
            }
            ulong p0 = 0xD2511F53ul * x[0];
            ulong p1 = 0xCD9E8D57ul * x[2];
            x = [(uint)(p1 >> 32) ^ x[1] ^ k[0], (uint)p1, (uint)(p0 >> 32) ^ x[3] ^ k[1], (uint)p0];
        }
        return x;
    }

    /// <summary>The first <paramref name="count"/> words of stream (seed, stream) at step, by the documented layout.</summary>
    public static uint[] Words(ulong seed, uint stream, ulong step, int count)
    {
        var words = new List<uint>();
        for (uint block = 0; words.Count < count; block++)
            words.AddRange(Block([block, (uint)step, (uint)(step >> 32), (uint)(seed >> 32)], [(uint)seed, stream]));
        return [.. words.Take(count)];
    }
}
