using ILGPU;

namespace Ebm.Kernels.Discrete;

/// <summary>
/// Exact log Z of a binary RBM on the device, in float64: the sum over every configuration x of one layer, with the other
/// layer y summed analytically, p̃(x) = exp(β a·x) Πₒ (1 + exp(β uₒ(x))), uₒ(x) = dₒ + Σᵢ Mₒᵢ xᵢ, where (a, d, M) are the
/// enumerated layer's biases, the other layer's and the couplings between them.
/// </summary>
/// <remarks>
/// Thread t walks the Gray codes [t·S, (t + 1)·S) (S = <see cref="RbmLayerSum.Span"/>): it forms u(x) for the first code
/// directly, then each step flips one unit and updates u by one coupling column, so a code costs O(other layer) rather
/// than O(V·H). Its inputs live in <c>inputs</c> laid out [other, threads] (element o of thread t at o·threads + t), so
/// adjacent threads touch adjacent addresses; the couplings a step reads are the same for every thread of a warp
/// (a broadcast) when the threads flip the same unit, which they do in lockstep. Each thread keeps a running
/// log-sum-exp (its maximum and the sum scaled by it) and the host combines them.
/// </remarks>
public static class RbmEnumerationKernels
{
    /// <summary>maxima[t], sums[t]: thread t's log p̃ maximum and Σ exp(log p̃ − maximum) over its codes.</summary>
    /// <param name="t">The thread.</param>
    /// <param name="parameters">W [H, V] row-major, b [V], c [H].</param>
    /// <param name="layout">The enumerated layer and the span.</param>
    /// <param name="inputs">[other, threads] workspace.</param>
    /// <param name="maxima">[threads] output.</param>
    /// <param name="sums">[threads] output.</param>
    public static void LogSums(Index1D t, ArrayView<float> parameters, RbmLayerSum layout, ArrayView<double> inputs, ArrayView<double> maxima, ArrayView<double> sums)
    {
        int threads = (int)maxima.Length, own = layout.Own, other = layout.Other;
        double beta = layout.InverseTemperature;
        long first = (long)t.X * layout.Span;
        long gray = first ^ (first >> 1);
        double ownTerm = 0;
        for (int o = 0; o < other; o++)
        {
            double input = parameters[layout.OtherBias(o)];
            for (int i = 0; i < own; i++)
            {
                if (((gray >> i) & 1) != 0)
                    input += parameters[layout.Coupling(o, i)];
            }
            inputs[(long)o * threads + t] = input;
        }
        for (int i = 0; i < own; i++)
        {
            if (((gray >> i) & 1) != 0)
                ownTerm += parameters[layout.OwnBias(i)];
        }
        double maximum = double.NegativeInfinity, sum = 0;
        for (long code = first; code < first + layout.Span; code++)
        {
            if (code > first)
            {
                int flip = 0;
                while (((code >> flip) & 1) == 0)
                    flip++;
                double sign = ((gray >> flip) & 1) == 0 ? 1 : -1;
                gray ^= 1L << flip;
                ownTerm += sign * parameters[layout.OwnBias(flip)];
                for (int o = 0; o < other; o++)
                    inputs[(long)o * threads + t] += sign * parameters[layout.Coupling(o, flip)];
            }
            double logWeight = beta * ownTerm;
            for (int o = 0; o < other; o++)
                logWeight += Softplus(beta * inputs[(long)o * threads + t]);
            if (logWeight > maximum)
            {
                sum = sum * Math.Exp(maximum - logWeight) + 1;
                maximum = logWeight;
            }
            else
            {
                sum += Math.Exp(logWeight - maximum);
            }
        }
        maxima[t] = maximum;
        sums[t] = sum;
    }

    // log(1 + eᶻ) without overflow.
    private static double Softplus(double z) => (z > 0 ? z : 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
}
