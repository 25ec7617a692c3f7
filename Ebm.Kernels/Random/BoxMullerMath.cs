using System.Runtime.CompilerServices;
using ILGPU;

namespace Ebm.Kernels.Random;

/// <summary>
/// The logarithm, cosine and sine that Box–Muller needs, written as plain arithmetic: every accelerator runs the same
/// polynomials inline, where a math-library call would stop a CPU OpenCL compiler from vectorising across work-items and
/// would differ from backend to backend.
/// </summary>
/// <remarks>
/// Both functions are accurate to a few float ulps. The logarithm splits x = m·2^e with m in [√½, √2) and sums the
/// series ln m = 2 artanh s, s = (m − 1)/(m + 1). The angle arrives in 24-bit turns, so its reduction to the nearest
/// quarter turn is exact integer arithmetic, and Taylor polynomials cover the remaining |φ| ≤ π/4.
/// </remarks>
public static class BoxMullerMath
{
    private const uint SqrtHalfBits = 0x3F3504F3;
    private const uint MantissaMask = 0x007FFFFF;
    private const float Ln2 = 0.693147180559945f;
    private const int QuarterTurnShift = 22;
    private const float RadiansPerTurnUnit = (float)(2 * Math.PI / (1 << 24));

    /// <summary>The natural logarithm of a positive, finite, normal float.</summary>
    /// <param name="x">The argument; zero, subnormals, infinities and NaN are outside the domain.</param>
    /// <returns>ln x.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log(float x)
    {
        uint shifted = Interop.FloatAsInt(x) - SqrtHalfBits;
        int exponent = (int)shifted >> 23;
        float m = Interop.IntAsFloat((shifted & MantissaMask) + SqrtHalfBits);
        float s = (m - 1) / (m + 1);
        float z = s * s;
        float series = 1f / 3 + z * (1f / 5 + z * (1f / 7 + z * (1f / 9)));
        return exponent * Ln2 + (2 * s + 2 * s * z * series);
    }

    /// <summary>cos and sin of the angle 2π·k·2⁻²⁴: the angle <see cref="RandomBits.ToUniform"/> maps to turns.</summary>
    /// <param name="turns">k, in [0, 2²⁴).</param>
    /// <param name="sine">Receives the sine.</param>
    /// <returns>The cosine.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float CosSinOfTurns(uint turns, out float sine)
    {
        uint nearestQuarter = (turns + (1u << (QuarterTurnShift - 1))) >> QuarterTurnShift;
        float phi = (int)(turns - (nearestQuarter << QuarterTurnShift)) * RadiansPerTurnUnit;
        float z = phi * phi;
        float sinPhi = phi + phi * z * (-1f / 6 + z * (1f / 120 + z * (-1f / 5040 + z * (1f / 362880))));
        float cosPhi = 1 + z * (-1f / 2 + z * (1f / 24 + z * (-1f / 720 + z * (1f / 40320 + z * (-1f / 3628800)))));
        uint quadrant = nearestQuarter & 3;
        bool swapped = (quadrant & 1) != 0;
        float cosine = swapped ? sinPhi : cosPhi;
        sine = swapped ? cosPhi : sinPhi;
        if (((quadrant + 1) & 2) != 0)
            cosine = -cosine;
        if ((quadrant & 2) != 0)
            sine = -sine;
        return cosine;
    }
}
