using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;
using ILGPU;

namespace Ebm.Kernels.Partition;

/// <summary>Annealed importance sampling (Neal 2001): one thread per independent run, all temperatures of a launch fused.</summary>
/// <remarks>
/// log f_β(x) = (1 − β) log f₀(x) − β E(x)/T. Run c starts at x₀ ~ N(μ, diag σ²) (Philox stream c, counter 2⁶⁴ − 1), then for
/// k = 1 … K: log w += log f_{β_k}(x) − log f_{β_{k−1}}(x) = (β_k − β_{k−1}) (−E(x)/T − log f₀(x)), and for k &lt; K the chain
/// moves by <see cref="AisSettings.Transitions"/> transitions (HMC or MALA) that leave f_{β_k} invariant (counters (k − 1)·S …).
/// </remarks>
public static class AisKernels
{
    /// <summary>Advances run <paramref name="chain"/> through the launch's temperatures, accumulating its log weight.</summary>
    /// <typeparam name="TEnergy">The target energy.</typeparam>
    /// <typeparam name="TTransition">The transition that moves a run between temperatures.</typeparam>
    /// <param name="chain">The run (also the energy's workspace slot).</param>
    /// <param name="target">E.</param>
    /// <param name="transition">The transition (it targets each annealed energy at inverse temperature 1).</param>
    /// <param name="state">Every run's chain state (step sizes and inverse mass are read from it).</param>
    /// <param name="baseMean">μ, d values.</param>
    /// <param name="baseScales">σ, d values.</param>
    /// <param name="betas">β₀ = 0, …, β_K = 1.</param>
    /// <param name="logWeights">[C] log w, zeroed by the launch with k = 1.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="draws">A dummy draws view (nothing is recorded).</param>
    public static void Run<TEnergy, TTransition>(Index1D chain, TEnergy target, TTransition transition, ChainState state, ArrayView<float> baseMean, ArrayView<float> baseScales,
        ArrayView<float> betas, ArrayView<float> logWeights, AisSettings settings, ArrayView<float> draws)
        where TEnergy : struct, IEnergy
        where TTransition : struct, ITransition
    {
        int c = chain.X, d = state.Dimension;
        var position = state.Of(state.Positions, c);
        var gradient = state.Of(state.Gradients, c);
        if (settings.First == 1)
        {
            var random = new PhiloxStream(settings.Seed, (uint)c, ulong.MaxValue);
            for (int j = 0; j < d; j++)
                position[j] = baseMean[j] + baseScales[j] * random.NextNormal();
            logWeights[c] = 0;
        }
        var inner = new SamplerSettings
        {
            Seed = settings.Seed,
            Steps = settings.Transitions,
            InverseTemperature = 1,
        };
        float logWeight = logWeights[c];
        for (int k = settings.First; k < settings.First + settings.Count; k++)
        {
            float targetEnergy = target.EnergyAndGradient(position, gradient, c);
            float baseEnergy = AnnealedEnergy<TEnergy>.BaseEnergy(position, baseMean, baseScales, d);
            logWeight += (betas[k] - betas[k - 1]) * (baseEnergy - settings.InverseTemperature * targetEnergy); // Δβ (−E/T − log f₀)
            if (k >= settings.Last)
                break;
            var annealed = new AnnealedEnergy<TEnergy>(target, baseMean, baseScales, betas[k], settings.InverseTemperature);
            state.Energies[c] = annealed.CombineWithGradient(position, gradient, targetEnergy);
            inner.FirstStep = (ulong)(k - 1) * (ulong)settings.Transitions;
            ChainDriver.Advance(c, annealed, transition, state, inner, draws);
        }
        logWeights[c] = logWeight;
    }
}
