using System.Numerics;

namespace Ebm.Facade.Models;

/// <summary>
/// Exact log Z and visible marginals of an RBM by summing over every configuration x of one layer (Gray-code order, so
/// each step updates the other layer's inputs by one weight column) with the other layer y summed analytically:
/// p̃(x) = exp(a·x/T) Πₒ (1 + exp(uₒ(x)/T)), uₒ(x) = dₒ + Σᵢ Mₒᵢ xᵢ, where (a, d, M) = (b, c, W) for x = v and (c, b, Wᵀ) for x = h.
/// </summary>
internal static class RbmEnumeration
{
    public static RbmExactMoments Run(RbmSpec spec, RbmLayer layer)
    {
        bool overVisibles = layer == RbmLayer.Visible;
        int own = overVisibles ? spec.Visible : spec.Hidden, other = overVisibles ? spec.Hidden : spec.Visible;
        double temperature = spec.Temperature;
        double Coupling(int o, int i) => overVisibles ? spec.WeightAt(o, i) : spec.WeightAt(i, o);
        double OwnBias(int i) => overVisibles ? spec.VisibleBias[i] : spec.HiddenBias[i];
        var inputs = new double[other]; // uₒ(x), starting from x = 0
        for (int o = 0; o < other; o++)
            inputs[o] = overVisibles ? spec.HiddenBias[o] : spec.VisibleBias[o];
        var units = new int[own];
        var marginals = new double[spec.Visible];
        var sum = new WeightedLogSum(spec.Visible);
        double ownTerm = 0; // a·x
        long states = 1L << own;
        for (long code = 0; code < states; code++)
        {
            if (code > 0)
            {
                int i = BitOperations.TrailingZeroCount(code); // the unit that flips between Gray codes code − 1 and code
                int sign = units[i] == 0 ? 1 : -1;
                units[i] ^= 1;
                ownTerm += sign * OwnBias(i);
                for (int o = 0; o < other; o++)
                    inputs[o] += sign * Coupling(o, i);
            }
            double logWeight = ownTerm / temperature;
            foreach (double input in inputs)
                logWeight += RbmSpec.Softplus(input / temperature);
            for (int k = 0; k < spec.Visible; k++)
                marginals[k] = overVisibles ? units[k] : RbmSpec.Sigmoid(inputs[k] / temperature); // E[v_k | h]
            sum.Add(logWeight, marginals);
        }
        return new RbmExactMoments(sum.LogTotal, [.. Enumerable.Range(0, spec.Visible).Select(sum.Mean)]);
    }
}
