namespace Ebm.Kernels.Random;

/// <summary>Four 32-bit words: a Philox4x32 counter or one block of its output.</summary>
/// <param name="X0">Word 0.</param>
/// <param name="X1">Word 1.</param>
/// <param name="X2">Word 2.</param>
/// <param name="X3">Word 3.</param>
public readonly record struct PhiloxBlock(uint X0, uint X1, uint X2, uint X3);
