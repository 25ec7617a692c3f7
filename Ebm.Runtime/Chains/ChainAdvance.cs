using Ebm.Kernels.Energies;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Chains;

/// <summary>Launches one fused sampler kernel: every chain of a pool advances K steps (the pool's step counter moves by K).</summary>
public static class ChainAdvance
{
    /// <summary>Runs <paramref name="settings"/>.Steps steps of <paramref name="kind"/> on every chain.</summary>
    /// <param name="energy">The energy to sample.</param>
    /// <param name="pool">The chains.</param>
    /// <param name="kind">The sampler.</param>
    /// <param name="settings">Launch settings; Seed and FirstStep are taken from the pool.</param>
    /// <param name="draws">[K/Thin, C, d] buffer when Thin &gt; 0, else null.</param>
    public static void Run(DeviceEnergy energy, ChainPool pool, SamplerKind kind, SamplerSettings settings, DeviceVector<float>? draws)
    {
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentNullException.ThrowIfNull(pool);
        if (energy.Dimension != pool.Dimension)
            throw new ArgumentException($"the energy has dimension {energy.Dimension}; the chains {pool.Dimension}", nameof(energy));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Steps);
        long needed = settings.Thin > 0 ? (long)(settings.Steps / settings.Thin) * pool.Chains * pool.Dimension : 0;
        if (needed > 0 && (draws is null || draws.Length < needed))
            throw new ArgumentException($"{settings.Steps} steps thinned by {settings.Thin} need a draws buffer of {needed} floats", nameof(draws));
        settings.Seed = pool.Seed;
        settings.FirstStep = pool.Step;
        if (settings.Steps == 0)
            return;
        energy.Apply(new Launch(pool, kind, settings, draws ?? pool.NoDraws));
        pool.Step += (ulong)settings.Steps;
    }

    private sealed class Launch(ChainPool pool, SamplerKind kind, SamplerSettings settings, DeviceVector<float> draws) : IEnergyOperation<bool>
    {
        public bool Run<TEnergy>(DeviceEnergy<TEnergy> energy)
            where TEnergy : struct, IEnergy
        {
            Action<Index1D, TEnergy, ChainState, SamplerSettings, ArrayView<float>> kernel = kind switch
            {
                SamplerKind.Ula => LangevinKernels.Run,
                SamplerKind.Mala => MalaKernels.Run,
                SamplerKind.Hmc => HmcKernels.Run,
                SamplerKind.Rwmh => RandomWalkKernels.Run,
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown sampler"),
            };
            var launch = energy.Session.Kernels.Get<Action<AcceleratorStream, Index1D, TEnergy, ChainState, SamplerSettings, ArrayView<float>>>(kernel);
            launch(energy.Session.Accelerator.DefaultStream, pool.Chains, energy.Bind(pool.Chains), pool.State, settings, draws.View);
            return true;
        }
    }
}
