using Ebm.Kernels.Energies;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Chains;

/// <summary>Launches the fused chain driver: every chain of a pool advances K steps (the pool's step counter moves by K).</summary>
public static class ChainAdvance
{
    /// <summary>Runs <paramref name="settings"/>.Steps transitions of <paramref name="sampler"/> on every chain.</summary>
    /// <param name="energy">The energy to sample.</param>
    /// <param name="pool">The chains.</param>
    /// <param name="sampler">The sampler and its parameters.</param>
    /// <param name="settings">Launch settings; Seed, FirstChain and FirstStep are taken from the pool.</param>
    /// <param name="draws">[K/Thin, C, d] buffer when Thin &gt; 0, else null.</param>
    public static void Run(DeviceEnergy energy, ChainPool pool, TransitionChoice sampler, SamplerSettings settings, DeviceVector<float>? draws)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        sampler.Apply(pool, new WithTransition(energy, pool, settings, draws));
    }

    /// <summary>Runs <paramref name="settings"/>.Steps steps of <paramref name="transition"/> on every chain.</summary>
    /// <typeparam name="TTransition">The transition struct.</typeparam>
    /// <param name="energy">The energy to sample.</param>
    /// <param name="pool">The chains.</param>
    /// <param name="transition">The transition with its parameters.</param>
    /// <param name="settings">Launch settings; Seed, FirstChain and FirstStep are taken from the pool.</param>
    /// <param name="draws">[K/Thin, C, d] buffer when Thin &gt; 0, else null.</param>
    public static void Run<TTransition>(DeviceEnergy energy, ChainPool pool, TTransition transition, SamplerSettings settings, DeviceVector<float>? draws)
        where TTransition : struct, ITransition
    {
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentNullException.ThrowIfNull(pool);
        if (energy.Dimension != pool.Dimension)
            throw new ArgumentException($"the energy has dimension {energy.Dimension}; the chains {pool.Dimension}", nameof(energy));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Steps);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Thin);
        TransitionCheck.Require(transition);
        long needed = settings.Thin > 0 ? (long)(settings.Steps / settings.Thin) * pool.Chains * pool.Dimension : 0;
        if (needed > 0 && (draws is null || draws.Length < needed))
            throw new ArgumentException($"{settings.Steps} steps thinned by {settings.Thin} need a draws buffer of {needed} floats", nameof(draws));
        settings.Seed = pool.Seed;
        settings.FirstChain = (uint)pool.FirstChain;
        settings.FirstStep = pool.Step;
        if (settings.Steps == 0)
            return;
        energy.Apply(new Launch<TTransition>(pool, transition, settings, draws ?? pool.NoDraws));
        pool.Step += (ulong)settings.Steps;
    }

    private sealed class WithTransition(DeviceEnergy energy, ChainPool pool, SamplerSettings settings, DeviceVector<float>? draws) : ITransitionOperation<bool>
    {
        public bool Run<TTransition>(TTransition transition)
            where TTransition : struct, ITransition
        {
            ChainAdvance.Run(energy, pool, transition, settings, draws);
            return true;
        }
    }

    private sealed class Launch<TTransition>(ChainPool pool, TTransition transition, SamplerSettings settings, DeviceVector<float> draws) : IEnergyOperation<bool>
        where TTransition : struct, ITransition
    {
        public bool Run<TEnergy>(DeviceEnergy<TEnergy> energy)
            where TEnergy : struct, IEnergy
        {
            if (GroupedChainAdvance.TryRun(energy, pool, transition, settings, draws))
                return true;
            var launch = energy.Session.Kernels.Get<Action<AcceleratorStream, Index1D, TEnergy, TTransition, ChainState, SamplerSettings, ArrayView<float>>>(
                (Action<Index1D, TEnergy, TTransition, ChainState, SamplerSettings, ArrayView<float>>)ChainDriver.Run);
            launch(energy.Session.Accelerator.DefaultStream, pool.Chains, energy.Bind(pool.Chains), transition, pool.State, settings, draws.View);
            return true;
        }
    }
}
