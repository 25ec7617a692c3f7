using System.Numerics;

namespace Ebm.Facade.Diagnostics;

/// <summary>Autocovariances of chains, averaged over the chains, computed with one FFT per pair of chains.</summary>
internal static class Autocovariance
{
    /// <summary>
    /// γ[t] = (1/m) Σ_c (1/n) Σ_{i &lt; n−t} (x_c,i − x̄_c)(x_c,i+t − x̄_c) for t = 0 … n−1, the biased
    /// autocovariance of each of the m chains of n draws, averaged over chains; also each chain's mean.
    /// </summary>
    /// <remarks>
    /// Two real chains a, b are packed as z = a + i·b. Zero-padding to N ≥ 2n makes the circular correlation
    /// linear, and |A_k|² + |B_k|² = (|Z_k|² + |Z_{N−k}|²)/2, so the power spectra of all chains are summed
    /// without separating them, and one inverse FFT of that real, even sum gives Σ_c N·γ_c.
    /// </remarks>
    public static double[] MeanOverChains(double[,] chains, out double[] chainMeans)
    {
        int m = chains.GetLength(0), n = chains.GetLength(1);
        var fft = new Fft((int)BitOperations.RoundUpToPowerOf2((uint)(2 * n)));
        int size = fft.Length;
        var re = new double[size];
        var im = new double[size];
        var power = new double[size];
        chainMeans = new double[m];
        for (int a = 0; a < m; a += 2)
        {
            Array.Clear(re);
            Array.Clear(im);
            chainMeans[a] = Center(chains, a, re);
            if (a + 1 < m)
            {
                chainMeans[a + 1] = Center(chains, a + 1, im);
            }

            fft.Forward(re, im);
            for (int k = 0; k < size; k++)
            {
                int mirror = (size - k) & (size - 1);
                power[k] += 0.5 * ((re[k] * re[k]) + (im[k] * im[k]) + (re[mirror] * re[mirror]) + (im[mirror] * im[mirror]));
            }
        }

        // The inverse transform of a real even sequence equals its forward transform divided by N.
        Array.Clear(im);
        fft.Forward(power, im);
        var acov = new double[n];
        double scale = 1.0 / ((double)size * n * m);
        for (int t = 0; t < n; t++)
        {
            acov[t] = power[t] * scale;
        }

        return acov;
    }

    // Writes chain c minus its mean into target[0..n) and returns the mean.
    private static double Center(double[,] chains, int c, double[] target)
    {
        int n = chains.GetLength(1);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += chains[c, i];
        }

        double mean = sum / n;
        for (int i = 0; i < n; i++)
        {
            target[i] = chains[c, i] - mean;
        }

        return mean;
    }
}
