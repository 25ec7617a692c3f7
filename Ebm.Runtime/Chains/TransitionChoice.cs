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

    /// <summary>HMC and NUTS: an energy error above this makes a transition divergent.</summary>
    public float DivergenceThreshold { get; init; } = 1000;

    /// <summary>ChEES-HMC: the most leapfrog steps of one trajectory (as BlackJAX's default).</summary>
    public const int CheesMaxLeapfrog = 1000;

    /// <summary>NUTS: the most doublings of a trajectory (default 10).</summary>
    public int MaxTreeDepth { get; init; } = 10;

    /// <summary>ULA: the noise scale σ; null for the exact √(2ε).</summary>
    public float? NoiseScale { get; init; }

    /// <summary>ULA: clamp positions to [Low, High] after each step; null for no clamp.</summary>
    public (float Low, float High)? Clamp { get; init; }

    /// <summary>Runs <paramref name="operation"/> with the transition struct of <see cref="Kind"/> for the chains of <paramref name="pool"/>.</summary>
    /// <typeparam name="TResult">What the operation returns.</typeparam>
    /// <param name="pool">The chains (NUTS keeps its trees in their scratch and statistics).</param>
    /// <param name="operation">The work.</param>
    /// <returns>Its result.</returns>
    public TResult Apply<TResult>(ChainPool pool, ITransitionOperation<TResult> operation)
    {
        ArgumentNullException.ThrowIfNull(pool);
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
            SamplerKind.Mala => operation.Run(new MetropolisTransition<LangevinProposal>()),
            SamplerKind.Hmc => operation.Run(new HmcTransition
            {
                Leapfrog = Leapfrog,
                Jitter = JitterLeapfrog ? TrajectoryJitter.Uniform : TrajectoryJitter.None,
                DivergenceThreshold = DivergenceThreshold,
            }),
            SamplerKind.Rwmh => operation.Run(new MetropolisTransition<GaussianRandomWalk>()),
            SamplerKind.Nuts => operation.Run(NutsFor(pool)),
            SamplerKind.Chees => operation.Run(new HmcTransition
            {
                Leapfrog = CheesMaxLeapfrog,
                Jitter = TrajectoryJitter.SharedHalton,
                TrajectoryLength = pool.TrajectoryLength,
                DivergenceThreshold = DivergenceThreshold,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown sampler"),
        };
    }

    /// <summary>The NUTS transition with these parameters, its trees kept in <paramref name="pool"/>'s scratch and statistics.</summary>
    /// <param name="pool">The chains it will move.</param>
    /// <returns>The transition.</returns>
    public NutsTransition NutsFor(ChainPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (MaxTreeDepth is < 1 or > NutsTransition.DeepestTree)
            throw new ArgumentOutOfRangeException(nameof(MaxTreeDepth), MaxTreeDepth, $"the maximum tree depth must be between 1 and {NutsTransition.DeepestTree}");
        var (scratch, layout) = pool.Scratch(NutsTransition.VectorsFor(MaxTreeDepth));
        return new NutsTransition
        {
            MaxDepth = MaxTreeDepth,
            DivergenceThreshold = DivergenceThreshold,
            Workspace = scratch,
            WorkspaceLayout = layout,
            Statistics = pool.TreeStatistics.View,
        };
    }
}
