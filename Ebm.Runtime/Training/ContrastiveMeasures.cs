using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Training;

/// <summary>Checked launchers of <see cref="ContrastiveKernels"/>: the gradient's row weights and an iteration's measurements, on the device.</summary>
public static class ContrastiveMeasures
{
    /// <summary>weights[n] = (±1 + 2α·energies[n])/B, + on the first b rows (the data).</summary>
    /// <param name="session">The session every buffer lives on.</param>
    /// <param name="energies">[2b]: the member's b data rows, then its b negatives.</param>
    /// <param name="weights">[2b] output.</param>
    /// <param name="alpha">α ≥ 0.</param>
    /// <param name="runBatch">B ≥ b, the rows of each half over all members of a sharded run; b when not sharded (0).</param>
    public static void Weights(AcceleratorSession session, DeviceVector<float> energies, DeviceVector<float> weights, float alpha, int runBatch = 0)
    {
        ArgumentNullException.ThrowIfNull(session);
        int batch = BatchOf(energies);
        if (runBatch == 0)
            runBatch = batch;
        if (runBatch < batch)
            throw new ArgumentOutOfRangeException(nameof(runBatch), runBatch, $"the run's batch holds the member's {batch} rows");
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != energies.Length)
            throw new ArgumentException($"{energies.Length} energies need as many weights, got {weights.Length}", nameof(weights));
        if (!(alpha >= 0) || float.IsInfinity(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be finite and ≥ 0");
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, int, int, float>>(
            (Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, float>)ContrastiveKernels.Weights);
        launch(session.Accelerator.DefaultStream, (int)energies.Length, energies.View, weights.View, batch, runBatch, alpha);
    }

    /// <summary>Records iteration <paramref name="iteration"/>'s loss, mean energies and acceptance in <paramref name="monitor"/>, and a divergence if an energy is not finite.</summary>
    /// <param name="session">The session every buffer lives on.</param>
    /// <param name="energies">[2B]: data rows, then negatives.</param>
    /// <param name="accepted">[B] accepted proposals per chain this iteration, or null for a sampler without acceptance.</param>
    /// <param name="proposalsPerChain">The proposals each chain made (≥ 1 when <paramref name="accepted"/> is given).</param>
    /// <param name="alpha">α ≥ 0.</param>
    /// <param name="monitor">Where the measurements go.</param>
    /// <param name="iteration">The 1-based iteration.</param>
    public static void Measure(AcceleratorSession session, DeviceVector<float> energies, DeviceVector<int>? accepted, int proposalsPerChain,
        float alpha, TrainingMonitor monitor, int iteration)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(monitor);
        int batch = BatchOf(energies);
        if (accepted is not null && (accepted.Length != batch || proposalsPerChain < 1))
            throw new ArgumentException($"{batch} chains need {batch} acceptance counts over ≥ 1 proposals, got {accepted.Length} over {proposalsPerChain}", nameof(accepted));
        var settings = new ContrastiveMeasurement { Batch = batch, Alpha = alpha, Iteration = iteration, ProposalsPerChain = proposalsPerChain };
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ContrastiveMeasurement>>(
            (Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ContrastiveMeasurement>)ContrastiveKernels.Measure);
        launch(session.Accelerator.DefaultStream, 1, energies.View, accepted?.View ?? ArrayView<int>.Empty, monitor.Row(iteration), monitor.Health, settings);
    }

    private static int BatchOf(DeviceVector<float> energies)
    {
        ArgumentNullException.ThrowIfNull(energies);
        if (energies.Length < 2 || energies.Length % 2 != 0)
            throw new ArgumentException($"a contrastive batch has 2B ≥ 2 energies, got {energies.Length}", nameof(energies));
        return (int)(energies.Length / 2);
    }
}
