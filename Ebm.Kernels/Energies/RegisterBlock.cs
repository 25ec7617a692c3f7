namespace Ebm.Kernels.Energies;

/// <summary>
/// Register blocking of dot products: a thread computes <see cref="Width"/> of them at once, so each shared operand is
/// read once per block and <see cref="Width"/> independent accumulators hide the FMA latency that bounds a single one.
/// Each sum still runs over its terms in order, so results do not depend on the blocking.
/// </summary>
public static class RegisterBlock
{
    /// <summary>The dot products computed together. The loops that use it are written out for exactly four lanes.</summary>
    public const int Width = 4;

    /// <summary>Index <paramref name="first"/> + <paramref name="j"/>, clamped to the last valid index: a short block's spare lanes repeat it.</summary>
    /// <param name="first">The block's first index.</param>
    /// <param name="j">The lane, 0 … Width − 1.</param>
    /// <param name="count">The number of valid indices.</param>
    /// <returns>The lane's index.</returns>
    public static int Lane(int first, int j, int count) => first + j < count ? first + j : count - 1;
}
