using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>Unadjusted Langevin (ULA) and its SGLD form: x ← x − ε ∇E(x)/T + σ ξ, ξ ~ N(0, I).</summary>
/// <remarks>
/// σ = √(2ε) targets exp(−E/T) as ε → 0 (<see cref="LangevinNoise.Exact"/>); a separate σ is the decoupled SGLD form
/// used to train EBMs. An optional clamp box keeps x inside [low, high]. A chain whose energy becomes non-finite stops
/// moving and is counted as divergent. Nothing is accepted or rejected, so the acceptance counters stay at 0.
/// </remarks>
public struct LangevinTransition : ITransition
{
    /// <summary>How σ is chosen.</summary>
    public LangevinNoise Noise;

    /// <summary>σ when <see cref="Noise"/> is <see cref="LangevinNoise.Fixed"/>.</summary>
    public float NoiseScale;

    /// <summary>Whether positions are clamped.</summary>
    public PositionBounds Bounds;

    /// <summary>Lower clamp bound.</summary>
    public float Low;

    /// <summary>Upper clamp bound.</summary>
    public float High;

    /// <inheritdoc/>
    public readonly string? Problem =>
        Noise == LangevinNoise.Fixed && !(NoiseScale >= 0 && float.IsFinite(NoiseScale)) ? $"the Langevin noise scale must be 0 or more and finite (got {NoiseScale})"
        : Bounds == PositionBounds.Box && !(Low < High) ? $"the clamp box needs low < high (got [{Low}, {High}])"
        : null;

    /// <inheritdoc/>
    public readonly void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy
    {
        if (!float.IsFinite(state.Energies[chain]))
            return;
        var position = state.Of(state.Positions, chain);
        var gradient = state.Of(state.Gradients, chain);
        float stepSize = state.StepSizes[chain];
        float noise = Noise == LangevinNoise.Fixed ? NoiseScale : MathF.Sqrt(2 * stepSize);
        float drift = stepSize * settings.InverseTemperature;
        for (int j = 0; j < state.Dimension; j++)
            position[j] = Bound(position[j] - drift * gradient[j] + noise * random.NextNormal());
        float newEnergy = energy.EnergyAndGradient(position, gradient, chain);
        state.Energies[chain] = newEnergy;
        if (!float.IsFinite(newEnergy))
            state.Divergent[chain] += 1;
    }

    // Math.Clamp's body throws, which kernels may not contain.
    private readonly float Bound(float value) => Bounds == PositionBounds.Box ? MathF.Min(MathF.Max(value, Low), High) : value;
}
