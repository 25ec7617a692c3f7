using System.Numerics;

namespace Ebm.Facade.Diagnostics;

/// <summary>An in-place iterative radix-2 complex FFT of one power-of-two length, with its tables computed once.</summary>
/// <remarks>Computes X[k] = Σⱼ x[j] e^(−2πi jk/N), unscaled.</remarks>
internal sealed class Fft
{
    private readonly double[] _cos;
    private readonly double[] _sin;
    private readonly int[] _bitReversed;

    /// <summary>Prepares transforms of <paramref name="length"/> points, a power of two.</summary>
    public Fft(int length)
    {
        if (!BitOperations.IsPow2(length))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The FFT length must be a power of two.");
        }

        Length = length;
        _cos = new double[length / 2];
        _sin = new double[length / 2];
        for (int k = 0; k < length / 2; k++)
        {
            double angle = -2 * Math.PI * k / length;
            _cos[k] = Math.Cos(angle);
            _sin[k] = Math.Sin(angle);
        }

        _bitReversed = new int[length];
        for (int i = 1, j = 0; i < length; i++)
        {
            int bit = length >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            _bitReversed[i] = j;
        }
    }

    /// <summary>The number of points.</summary>
    public int Length { get; }

    /// <summary>Replaces (<paramref name="re"/>, <paramref name="im"/>) by its discrete Fourier transform.</summary>
    public void Forward(Span<double> re, Span<double> im)
    {
        for (int i = 0; i < Length; i++)
        {
            int j = _bitReversed[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (int half = 1; half < Length; half *= 2)
        {
            int stride = Length / (2 * half); // twiddle w^k for this stage is table entry k * stride
            for (int start = 0; start < Length; start += 2 * half)
            {
                for (int k = 0; k < half; k++)
                {
                    int a = start + k, b = a + half;
                    double wr = _cos[k * stride], wi = _sin[k * stride];
                    double tr = (re[b] * wr) - (im[b] * wi);
                    double ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
