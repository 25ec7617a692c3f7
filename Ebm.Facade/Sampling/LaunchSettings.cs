using Ebm.Kernels.Samplers;
using Ebm.Runtime.Chains;

namespace Ebm.Facade.Sampling;

/// <summary>Turns sampler options into the launch settings and the transition of the fused chain driver.</summary>
internal static class LaunchSettings
{
    public static SamplerSettings For(SamplerOptions options, double temperature) => new()
    {
        InverseTemperature = (float)(1 / temperature),
        TargetAcceptance = options.EffectiveTargetAcceptance,
    };

    public static TransitionChoice TransitionOf(SamplerOptions options) => new(options.Kind)
    {
        Leapfrog = options.Leapfrog,
        MaxTreeDepth = options.MaxTreeDepth,
        JitterLeapfrog = options.JitterLeapfrog,
        DivergenceThreshold = options.DivergenceThreshold,
        NoiseScale = options.NoiseScale,
        Clamp = options.Clamp,
    };
}
