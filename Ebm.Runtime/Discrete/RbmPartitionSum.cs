using Ebm.Kernels.Discrete;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Discrete;

/// <summary>The checked launcher of <see cref="RbmEnumerationKernels.LogSums"/>: exact log Z of an RBM on the device, summing over its smaller layer.</summary>
public static class RbmPartitionSum
{
    /// <summary>The most units the enumerated layer may have: 2³⁰ configurations.</summary>
    public const int MaxUnits = 30;

    /// <summary>The most threads a sum uses; each holds the other layer's inputs.</summary>
    public const int MaxThreads = 4096;

    /// <summary>log Z = log Σ over both layers of exp(−E(v, h)/T), in float64.</summary>
    /// <param name="machine">The RBM (its parameters on the device).</param>
    /// <param name="temperature">T &gt; 0.</param>
    /// <param name="maxUnits">The most units the enumerated (smaller) layer may have, at most <see cref="MaxUnits"/>.</param>
    /// <returns>log Z.</returns>
    /// <exception cref="ArgumentException">Both layers are larger than <paramref name="maxUnits"/>, or the workspace does not fit the device.</exception>
    public static double LogPartition(RbmDeviceEnergy machine, double temperature, int maxUnits)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "a temperature is finite and > 0");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxUnits, MaxUnits);
        bool overHidden = machine.Hidden <= machine.Visible;
        int own = overHidden ? machine.Hidden : machine.Visible, other = overHidden ? machine.Visible : machine.Hidden;
        if (own > maxUnits)
            throw new ArgumentException($"exact log Z sums over the 2^{own} states of the smaller layer; the limit is 2^{maxUnits}", nameof(machine));
        long codes = 1L << own;
        int threads = (int)Math.Min(codes, MaxThreads);
        var session = machine.Session;
        session.RequireRoom(sizeof(double) * ((long)threads * other + 2L * threads), $"the exact sum's workspace ({threads} threads × {other} inputs)");
        using var inputs = new DeviceVector<double>(session, (long)threads * other);
        using var maxima = new DeviceVector<double>(session, threads);
        using var sums = new DeviceVector<double>(session, threads);
        var layout = new RbmLayerSum
        {
            Visible = machine.Visible, Hidden = machine.Hidden, Layer = overHidden ? EnumeratedLayer.Hidden : EnumeratedLayer.Visible, Span = (int)(codes / threads), InverseTemperature = 1 / temperature,
        };
        var launch = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, RbmLayerSum, ArrayView<double>, ArrayView<double>, ArrayView<double>>>(
            (Action<Index1D, ArrayView<float>, RbmLayerSum, ArrayView<double>, ArrayView<double>, ArrayView<double>>)RbmEnumerationKernels.LogSums);
        launch(session.Accelerator.DefaultStream, threads, machine.Parameters.View, layout, inputs.View, maxima.View, sums.View);
        double[] peaks = maxima.ToArray(), scaled = sums.ToArray();
        double top = peaks.Max();
        double total = 0;
        for (int t = 0; t < threads; t++)
            total += scaled[t] * Math.Exp(peaks[t] - top);
        return top + Math.Log(total);
    }
}
