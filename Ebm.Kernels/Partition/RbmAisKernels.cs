using Ebm.Kernels.Discrete;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Partition;

/// <summary>
/// Annealed importance sampling for a binary RBM (Salakhutdinov &amp; Murray 2008): from the base-rate model
/// p_A(v, h) ∝ exp(a·v) to the machine exp(−E(v, h)/T), one thread per run, block-Gibbs transitions.
/// </summary>
/// <remarks>
/// p*_β(v, h) = exp((1 − β) a·v + β/T (b·v + c·h + hᵀWv)); summing out h,
/// log p*_β(v) = (1 − β) a·v + (β/T) b·v + Σⱼ softplus((β/T)(cⱼ + Wⱼ·v)). Z₀ = 2^H Π_k (1 + e^{a_k}).
/// Transitions at β: h ~ σ((β/T)(c + Wv)), then v ~ σ((1 − β) a + (β/T)(b + Wᵀh)). Run c starts at v ~ σ(a) (Philox stream c,
/// counter 2⁶⁴ − 1); sweep s at temperature k uses counter (k − 1)·S + s.
/// </remarks>
public static class RbmAisKernels
{
    /// <summary>Advances run <paramref name="chain"/> through the launch's temperatures, accumulating its log weight.</summary>
    /// <param name="chain">The run.</param>
    /// <param name="model">The machine.</param>
    /// <param name="baseBias">a, V values.</param>
    /// <param name="visible">[C, V] visible states.</param>
    /// <param name="hidden">[C, H] hidden states (scratch).</param>
    /// <param name="betas">β₀ = 0 … β_K = 1.</param>
    /// <param name="logWeights">[C] log weights, zeroed by the launch with First = 1.</param>
    /// <param name="settings">The launch settings (Transitions = sweeps per temperature).</param>
    public static void Run(Index1D chain, RbmEnergy model, ArrayView<float> baseBias, ArrayView<float> visible, ArrayView<float> hidden,
        ArrayView<float> betas, ArrayView<float> logWeights, AisSettings settings)
    {
        int c = chain.X, v = model.Visible, h = model.Hidden;
        var visibleUnits = PointLayout.RowMajor(v).Of(visible, c);
        var hiddenUnits = PointLayout.RowMajor(h).Of(hidden, c);
        if (settings.First == 1)
        {
            var start = new PhiloxStream(settings.Seed, (uint)c, ulong.MaxValue);
            for (int k = 0; k < v; k++)
                visibleUnits[k] = GibbsUpdate.Bernoulli(baseBias[k], start.NextUInt());
            logWeights[c] = 0;
        }
        float logWeight = logWeights[c];
        for (int k = settings.First; k < settings.First + settings.Count; k++)
        {
            logWeight += LogUnnormalized(model, baseBias, visibleUnits, betas[k], settings.InverseTemperature)
                - LogUnnormalized(model, baseBias, visibleUnits, betas[k - 1], settings.InverseTemperature);
            if (k >= settings.Last)
                break;
            float scale = betas[k] * settings.InverseTemperature;
            for (int sweep = 0; sweep < settings.Transitions; sweep++)
            {
                var random = new PhiloxStream(settings.Seed, (uint)c, (ulong)(k - 1) * (ulong)settings.Transitions + (ulong)sweep);
                for (int j = 0; j < h; j++)
                    hiddenUnits[j] = GibbsUpdate.Bernoulli(scale * model.HiddenInput(visibleUnits, j), random.NextUInt());
                for (int i = 0; i < v; i++)
                {
                    float input = model.VisibleInput(hiddenUnits, i); // b_i + (Wᵀh)_i
                    visibleUnits[i] = GibbsUpdate.Bernoulli((1 - betas[k]) * baseBias[i] + scale * input, random.NextUInt());
                }
            }
        }
        logWeights[c] = logWeight;
    }

    /// <summary>log p*_β(v) = (1 − β) a·v + (β/T) b·v + Σⱼ softplus((β/T)(cⱼ + Wⱼ·v)).</summary>
    /// <param name="model">The machine.</param>
    /// <param name="baseBias">a.</param>
    /// <param name="units">v.</param>
    /// <param name="beta">β.</param>
    /// <param name="inverseTemperature">1/T.</param>
    /// <returns>The unnormalised log marginal.</returns>
    public static float LogUnnormalized(RbmEnergy model, ArrayView<float> baseBias, PointView units, float beta, float inverseTemperature)
    {
        float scale = beta * inverseTemperature, sum = 0;
        for (int k = 0; k < model.Visible; k++)
            sum += ((1 - beta) * baseBias[k] + scale * model.VisibleBias(k)) * units[k];
        for (int j = 0; j < model.Hidden; j++)
            sum += Activation.Softplus(scale * model.HiddenInput(units, j));
        return sum;
    }
}
