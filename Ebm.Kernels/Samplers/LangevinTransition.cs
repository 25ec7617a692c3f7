using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>Unadjusted Langevin (ULA) and its SGLD form: x ← x − ε ∇E(x)/T + σ ξ, ξ ~ N(0, I).</summary>
/// <remarks>
/// σ = √(2ε) targets exp(−E/T) as ε → 0 (<see cref="LangevinNoise.Exact"/>); a separate σ is the decoupled SGLD form
/// used to train EBMs. An optional clamp box keeps x inside [low, high]. A chain whose energy becomes non-finite stops
/// moving and is counted as divergent. Nothing is accepted or rejected, so the acceptance counters stay at 0.
/// </remarks>
public struct LangevinTransition : IProposalTransition
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
    public readonly bool NeedsGradient => true;

    /// <inheritdoc/>
    public readonly void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy =>
        ProposalStep.Run(this, energy, state, settings, chain, step, ref random);

    /// <inheritdoc/>
    public readonly void StepInGroup<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int slot, bool owned, int step, ref PhiloxStream random)
        where TEnergy : struct, IGroupEnergy =>
        ProposalStep.RunInGroup(this, energy, state, settings, chain, slot, owned, step, ref random);

    /// <inheritdoc/>
    /// <remarks>Moves the position in place; a chain whose energy is not finite stays where it is.</remarks>
    public readonly bool Propose(ChainState state, SamplerSettings settings, int chain, ref PhiloxStream random)
    {
        if (!float.IsFinite(state.Energies[chain]))
            return false;
        var position = state.Of(state.Positions, chain);
        var gradient = state.Of(state.Gradients, chain);
        float stepSize = state.StepSizes[chain];
        float noise = Noise == LangevinNoise.Fixed ? NoiseScale : MathF.Sqrt(2 * stepSize);
        float drift = stepSize * settings.InverseTemperature;
        for (int j = 0; j < state.Dimension; j++)
            position[j] = Bound(position[j] - drift * gradient[j] + noise * random.NextNormal());
        return true;
    }

    /// <inheritdoc/>
    public readonly PointView Point(ChainState state, int chain) => state.Of(state.Positions, chain);

    /// <inheritdoc/>
    public readonly PointView PointGradient(ChainState state, int chain) => state.Of(state.Gradients, chain);

    /// <inheritdoc/>
    public readonly void Complete(ChainState state, SamplerSettings settings, int chain, int step, float energy, ref PhiloxStream random)
    {
        state.Energies[chain] = energy;
        if (!float.IsFinite(energy))
            state.Divergent[chain] += 1;
    }

    // Math.Clamp's body throws, which kernels may not contain.
    private readonly float Bound(float value) => Bounds == PositionBounds.Box ? MathF.Min(MathF.Max(value, Low), High) : value;
}
