using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Samplers;

/// <summary>Unadjusted Langevin (ULA) and its SGLD form: K fused steps per chain.</summary>
/// <remarks>
/// x ← x − ε ∇E(x)/T + σ ξ, ξ ~ N(0, I), with σ = √(2ε) (ULA, which targets exp(−E/T) as ε → 0) or a separate
/// noise scale (the decoupled SGLD form used to train EBMs). An optional clamp box keeps x inside [low, high].
/// A chain whose energy becomes non-finite stops moving and is counted as divergent.
/// </remarks>
public static class LangevinKernels
{
    /// <summary>Advances chain <paramref name="chain"/> by <see cref="SamplerSettings.Steps"/> Langevin steps.</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="chain">The chain (also the energy's workspace slot).</param>
    /// <param name="energy">The energy.</param>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="draws">[K/Thin, C, d] recorded draws (unused when Thin is 0).</param>
    public static void Run<TEnergy>(Index1D chain, TEnergy energy, ChainState state, SamplerSettings settings, ArrayView<float> draws)
        where TEnergy : struct, IEnergy
    {
        int c = chain.X, d = state.Dimension, chains = (int)state.Energies.Length;
        var position = state.Row(state.Positions, c);
        var gradient = state.Row(state.Gradients, c);
        float stepSize = state.StepSizes[c];
        float noise = settings.NoiseScale >= 0 ? settings.NoiseScale : MathF.Sqrt(2 * stepSize);
        float drift = stepSize * settings.InverseTemperature;
        for (int step = 0; step < settings.Steps; step++)
        {
            if (float.IsFinite(state.Energies[c]))
            {
                var random = new PhiloxStream(settings.Seed, (uint)c, settings.FirstStep + (ulong)step);
                for (int j = 0; j < d; j += 2)
                {
                    float first = random.NextNormalPair(out float second);
                    position[j] = Move(position[j] - drift * gradient[j] + noise * first, settings);
                    if (j + 1 < d)
                        position[j + 1] = Move(position[j + 1] - drift * gradient[j + 1] + noise * second, settings);
                }
                float newEnergy = energy.EnergyAndGradient(position, gradient, c);
                state.Energies[c] = newEnergy;
                if (!float.IsFinite(newEnergy))
                    state.Divergent[c] += 1;
            }
            ChainUpdate.RecordDraw(state, settings, draws, c, chains, step);
        }
    }

    private static float Move(float value, SamplerSettings settings) =>
        settings.Clamp != 0 ? XMathClamp(value, settings.ClampLow, settings.ClampHigh) : value;

    // Math.Clamp's body throws, which kernels may not contain.
    private static float XMathClamp(float value, float low, float high) => MathF.Min(MathF.Max(value, low), high);
}
