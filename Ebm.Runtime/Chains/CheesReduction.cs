using Ebm.Kernels.Samplers;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Chains;

/// <summary>What one ChEES-HMC warm-up transition measured across the chains that did not diverge.</summary>
/// <param name="LogLengthGradient">∂ChEES/∂log T, the acceptance-weighted estimate (0 when no chain was kept).</param>
/// <param name="HarmonicAcceptance">The harmonic mean of the acceptance probabilities (NaN when no chain was kept).</param>
/// <param name="KeptChains">The chains that did not diverge.</param>
public readonly record struct CheesMeasurement(double LogLengthGradient, double HarmonicAcceptance, int KeptChains);

/// <summary>The checked launcher of <see cref="CheesKernels"/>: the cross-chain reductions of one ChEES warm-up transition, on the device.</summary>
public static class CheesReduction
{
    /// <summary>Reduces the transition just run on <paramref name="pool"/> (counters reset before it) from the positions it started at.</summary>
    /// <param name="pool">The chains after the transition.</param>
    /// <param name="initial">Their positions before it, in the pool's layout.</param>
    /// <param name="integrationTime">The transition's integration time t = L·ε.</param>
    /// <returns>The measurement (four floats read back).</returns>
    public static CheesMeasurement Measure(ChainPool pool, DeviceVector<float> initial, double integrationTime)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(initial);
        if (initial.Length != pool.PositionBuffer.Length)
            throw new ArgumentException($"the initial positions hold {initial.Length} floats; the pool's positions {pool.PositionBuffer.Length}", nameof(initial));
        var session = pool.Session;
        var stream = session.Accelerator.DefaultStream;
        using var means = new DeviceVector<float>(session, 2L * pool.Dimension);
        using var terms = new DeviceVector<float>(session, (long)CheesKernels.TermCount * pool.Chains);
        using var sums = new DeviceVector<float>(session, CheesKernels.TermCount);
        session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ChainState, ArrayView<float>>>(
            (Action<Index1D, ArrayView<float>, ChainState, ArrayView<float>>)CheesKernels.Means)(stream, pool.Dimension, initial.View, pool.State, means.View);
        session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ChainState, ArrayView<float>, ArrayView<float>>>(
            (Action<Index1D, ArrayView<float>, ChainState, ArrayView<float>, ArrayView<float>>)CheesKernels.ChainTerms)(stream, pool.Chains, initial.View, pool.State, means.View, terms.View);
        session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>>>(
            (Action<Index1D, ArrayView<float>, ArrayView<float>>)CheesKernels.SumTerms)(stream, 1, terms.View, sums.View);
        float[] totals = sums.ToArray();
        int kept = (int)totals[3];
        return kept == 0
            ? new CheesMeasurement(0, double.NaN, 0)
            : new CheesMeasurement(totals[1] > 0 ? integrationTime * totals[0] / totals[1] : 0, kept / (double)totals[2], kept);
    }
}
