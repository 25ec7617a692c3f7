namespace Ebm.Kernels.Random;

/// <summary>Conversions from random 32-bit words to floating-point variates.</summary>
public static class RandomBits
{
    /// <summary>2^-24: the spacing of the 24-bit uniforms.</summary>
    public const float UnitSpacing = 1.0f / 16777216.0f;

    /// <summary>Uniform in [0, 1) from the top 24 bits; never returns 1.0.</summary>
    /// <param name="bits">A random word.</param>
    /// <returns>k·2^-24 for k in [0, 2^24).</returns>
    public static float ToUniform(uint bits) => (bits >> 8) * UnitSpacing;

    /// <summary>Uniform in (0, 1] from the top 24 bits; never returns 0, so its logarithm is finite.</summary>
    /// <param name="bits">A random word.</param>
    /// <returns>(k + 1)·2^-24 for k in [0, 2^24).</returns>
    public static float ToUniformOpenLow(uint bits) => ((bits >> 8) + 1u) * UnitSpacing;

    /// <summary>Box–Muller: two independent standard normals from two random words, with <see cref="BoxMullerMath"/>'s functions.</summary>
    /// <param name="radiusBits">Word for the radius; mapped to (0, 1] so the logarithm is finite.</param>
    /// <param name="angleBits">Word for the angle 2π·<see cref="ToUniform"/>(angleBits).</param>
    /// <param name="second">Receives the second normal, r·sin θ.</param>
    /// <returns>The first normal, r·cos θ.</returns>
    public static float ToNormalPair(uint radiusBits, uint angleBits, out float second)
    {
        float radius = MathF.Sqrt(-2.0f * BoxMullerMath.Log(ToUniformOpenLow(radiusBits)));
        float cosine = BoxMullerMath.CosSinOfTurns(angleBits >> 8, out float sine);
        second = radius * sine;
        return radius * cosine;
    }
}
