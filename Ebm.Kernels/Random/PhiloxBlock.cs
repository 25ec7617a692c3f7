namespace Ebm.Kernels.Random;

/// <summary>Four 32-bit words: a Philox4x32 counter or one block of its output.</summary>
/// <param name="X0">Word 0.</param>
/// <param name="X1">Word 1.</param>
/// <param name="X2">Word 2.</param>
/// <param name="X3">Word 3.</param>
public readonly record struct PhiloxBlock(uint X0, uint X1, uint X2, uint X3)
{
    /// <summary>Word <paramref name="index"/> of the block: X0 for 0, …, X3 for 3 (and for anything above).</summary>
    /// <param name="index">0 to 3.</param>
    /// <returns>The word.</returns>
    public uint Word(int index) => index switch
    {
        0 => X0,
        1 => X1,
        2 => X2,
        _ => X3,
    };
}
