using Ebm.Kernels.Samplers;

namespace Ebm.Facade.Sampling;

/// <summary>Turns sampler options into the kernel's launch settings.</summary>
internal static class LaunchSettings
{
    public static SamplerSettings For(SamplerOptions options, double temperature) => new()
    {
        InverseTemperature = (float)(1 / temperature),
        TargetAcceptance = options.EffectiveTargetAcceptance,
        NoiseScale = options.NoiseScale ?? -1,
        Clamp = options.Clamp is null ? 0 : 1,
        ClampLow = options.Clamp?.Low ?? 0,
        ClampHigh = options.Clamp?.High ?? 0,
        Leapfrog = options.Leapfrog,
        JitterLeapfrog = options.JitterLeapfrog ? 1 : 0,
        DivergenceThreshold = options.DivergenceThreshold,
    };
}
