using Ebm.Kernels.Discrete;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Partition;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Discrete;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Partition;

/// <summary>Launches the fused annealed-importance-sampling kernel for a block of temperatures on every run of a chain pool.</summary>
public static class AnnealingLauncher
{
    /// <summary>Runs temperatures <paramref name="settings"/>.First … First + Count − 1 on every chain of <paramref name="pool"/>.</summary>
    /// <param name="energy">The target energy.</param>
    /// <param name="pool">One chain per AIS run; its step sizes and inverse mass drive the transitions.</param>
    /// <param name="sampler">The transition that moves the runs between temperatures (HMC or MALA).</param>
    /// <param name="baseMean">μ of the base, d values.</param>
    /// <param name="baseScales">σ of the base, d values.</param>
    /// <param name="betas">β₀ = 0 … β_K = 1, K + 1 values.</param>
    /// <param name="logWeights">[C] log weights, accumulated in place (zeroed when First = 1).</param>
    /// <param name="settings">The launch settings; Seed is taken from the pool.</param>
    public static void Run(DeviceEnergy energy, ChainPool pool, TransitionChoice sampler, DeviceVector<float> baseMean, DeviceVector<float> baseScales,
        DeviceVector<float> betas, DeviceVector<float> logWeights, AisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(baseMean);
        ArgumentNullException.ThrowIfNull(baseScales);
        ArgumentNullException.ThrowIfNull(betas);
        ArgumentNullException.ThrowIfNull(logWeights);
        if (sampler.Kind is not (SamplerKind.Hmc or SamplerKind.Mala))
            throw new ArgumentException($"AIS moves runs with HMC or MALA, not {sampler.Kind}", nameof(sampler));
        if (energy.Dimension != pool.Dimension || baseMean.Length != pool.Dimension || baseScales.Length != pool.Dimension)
            throw new ArgumentException($"the energy (d = {energy.Dimension}), chains (d = {pool.Dimension}) and base ({baseMean.Length}, {baseScales.Length} values) disagree", nameof(energy));
        if (logWeights.Length != pool.Chains)
            throw new ArgumentException($"{pool.Chains} runs need {pool.Chains} log weights, got {logWeights.Length}", nameof(logWeights));
        if (settings.First < 1 || settings.Count < 1 || settings.First + settings.Count - 1 > settings.Last || betas.Length != settings.Last + 1)
            throw new ArgumentOutOfRangeException(nameof(settings), $"temperatures {settings.First}…{settings.First + settings.Count - 1} of 1…{settings.Last} with {betas.Length} β values");
        settings.Seed = pool.Seed;
        sampler.Apply(pool, new WithTransition(energy, new Launch(pool, baseMean, baseScales, betas, logWeights, settings)));
    }

    /// <summary>Runs temperatures <paramref name="settings"/>.First … First + Count − 1 of RBM AIS on every run.</summary>
    /// <param name="machine">The RBM.</param>
    /// <param name="visible">[C, V] visible states (one row per run).</param>
    /// <param name="hidden">[C, H] hidden scratch.</param>
    /// <param name="baseBias">a, the base-rate model's visible biases, V values.</param>
    /// <param name="betas">β₀ = 0 … β_K = 1.</param>
    /// <param name="logWeights">[C] log weights.</param>
    /// <param name="settings">The launch settings, Seed included.</param>
    public static void RunRbm(RbmDeviceEnergy machine, DeviceMatrix<float> visible, DeviceMatrix<float> hidden, DeviceVector<float> baseBias,
        DeviceVector<float> betas, DeviceVector<float> logWeights, AisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(visible);
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(baseBias);
        ArgumentNullException.ThrowIfNull(betas);
        ArgumentNullException.ThrowIfNull(logWeights);
        if (visible.Columns != machine.Visible || hidden.Columns != machine.Hidden || baseBias.Length != machine.Visible
            || hidden.Rows != visible.Rows || logWeights.Length != visible.Rows)
            throw new ArgumentException("the RBM, visible [C, V], hidden [C, H], base bias [V] and log weights [C] disagree", nameof(visible));
        if (settings.First < 1 || settings.Count < 1 || settings.First + settings.Count - 1 > settings.Last || betas.Length != settings.Last + 1)
            throw new ArgumentOutOfRangeException(nameof(settings), $"temperatures {settings.First}…{settings.First + settings.Count - 1} of 1…{settings.Last} with {betas.Length} β values");
        var session = machine.Session;
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, RbmEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AisSettings>>(
            (Action<Index1D, RbmEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AisSettings>)RbmAisKernels.Run);
        launch(session.Accelerator.DefaultStream, visible.Rows, machine.Bind(visible.Rows), baseBias.View, visible.View, hidden.View, betas.View, logWeights.View, settings);
    }

    private sealed class WithTransition(DeviceEnergy energy, Launch launch) : ITransitionOperation<bool>
    {
        public bool Run<TTransition>(TTransition transition)
            where TTransition : struct, ITransition
        {
            TransitionCheck.Require(transition);
            return energy.Apply(new Launch<TTransition>(launch, transition));
        }
    }

    private sealed record Launch(ChainPool Pool, DeviceVector<float> BaseMean, DeviceVector<float> BaseScales,
        DeviceVector<float> Betas, DeviceVector<float> LogWeights, AisSettings Settings);

    private sealed class Launch<TTransition>(Launch arguments, TTransition transition) : IEnergyOperation<bool>
        where TTransition : struct, ITransition
    {
        public bool Run<TEnergy>(DeviceEnergy<TEnergy> energy)
            where TEnergy : struct, IEnergy
        {
            var launch = energy.Session.Kernels.Get<Action<AcceleratorStream, Index1D, TEnergy, TTransition, ChainState, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AisSettings, ArrayView<float>>>(
                (Action<Index1D, TEnergy, TTransition, ChainState, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AisSettings, ArrayView<float>>)AisKernels.Run);
            var pool = arguments.Pool;
            launch(energy.Session.Accelerator.DefaultStream, pool.Chains, energy.Bind(pool.Chains), transition, pool.State,
                arguments.BaseMean.View, arguments.BaseScales.View, arguments.Betas.View, arguments.LogWeights.View, arguments.Settings, pool.NoDraws.View);
            return true;
        }
    }
}
