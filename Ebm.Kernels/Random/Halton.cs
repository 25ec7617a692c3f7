namespace Ebm.Kernels.Random;

/// <summary>The base-2 Halton (van der Corput) sequence: a low-discrepancy sequence in (0, 1), as ChEES-HMC jitters with.</summary>
public static class Halton
{
    /// <summary>Element <paramref name="index"/> ≥ 1: the bits of the index mirrored about the binary point (1 → ½, 2 → ¼, 3 → ¾, …).</summary>
    /// <param name="index">The index; 0 gives 0.</param>
    /// <returns>The element.</returns>
    public static float Base2(ulong index)
    {
        float value = 0, place = 0.5f;
        for (; index != 0; index >>= 1, place *= 0.5f)
        {
            if ((index & 1) != 0)
                value += place;
        }
        return value;
    }
}
