using Ebm.Kernels.Samplers;

namespace Ebm.Runtime.Chains;

/// <summary>A sampler and the parameters of its transition: chooses the kernel transition struct and fills it.</summary>
/// <param name="Kind">The sampler.</param>
public sealed record TransitionChoice(SamplerKind Kind)
{
    /// <summary>HMC: leapfrog steps L per trajectory (the most, with jitter).</summary>
    public int Leapfrog { get; init; } = 10;

    /// <summary>HMC: draw the number of leapfrog steps uniformly from 1 … L at every transition.</summary>
    public bool JitterLeapfrog { get; init; }

    /// <summary>HMC: an energy error above this makes a transition divergent.</summary>
    public float DivergenceThreshold { get; init; } = 1000;

    /// <summary>ULA: the noise scale σ; null for the exact √(2ε).</summary>
    public float? NoiseScale { get; init; }

    /// <summary>ULA: clamp positions to [Low, High] after each step; null for no clamp.</summary>
    public (float Low, float High)? Clamp { get; init; }

    /// <summary>Runs <paramref name="operation"/> with the transition struct of <see cref="Kind"/>.</summary>
    /// <typeparam name="TResult">What the operation returns.</typeparam>
    /// <param name="operation">The work.</param>
    /// <returns>Its result.</returns>
    public TResult Apply<TResult>(ITransitionOperation<TResult> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Kind switch
        {
            SamplerKind.Ula => operation.Run(new LangevinTransition
            {
                Noise = NoiseScale is null ? LangevinNoise.Exact : LangevinNoise.Fixed,
                NoiseScale = NoiseScale ?? 0,
                Bounds = Clamp is null ? PositionBounds.None : PositionBounds.Box,
                Low = Clamp?.Low ?? 0,
                High = Clamp?.High ?? 0,
            }),
            SamplerKind.Mala => operation.Run(new MalaTransition()),
            SamplerKind.Hmc => operation.Run(new HmcTransition
            {
                Leapfrog = Leapfrog,
                Jitter = JitterLeapfrog ? TrajectoryJitter.Uniform : TrajectoryJitter.None,
                DivergenceThreshold = DivergenceThreshold,
            }),
            SamplerKind.Rwmh => operation.Run(new RandomWalkTransition()),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown sampler"),
        };
    }
}
