using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;

namespace Ebm.Runtime.Training;

/// <summary>
/// What training iterations measured, kept on the device so that iterations run back to back without reading anything
/// back: a ring of <see cref="Capacity"/> metrics rows (one per iteration, laid out as <see cref="TrainingMetric"/>) and the
/// <see cref="TrainingHealth"/> record. The host reads them when it reports progress, at most <see cref="Capacity"/>
/// iterations apart.
/// </summary>
public sealed class TrainingMonitor : IDisposable
{
    /// <summary>The iterations whose rows the ring holds.</summary>
    public const int Capacity = 64;

    /// <summary>Values per metrics row.</summary>
    public static readonly int Width = Enum.GetValues<TrainingMetric>().Length;

    private readonly DeviceVector<float> rows;
    private readonly DeviceVector<int> health;

    /// <summary>Allocates a cleared ring and a healthy record on <paramref name="session"/>.</summary>
    /// <param name="session">The accelerator session of the training buffers.</param>
    public TrainingMonitor(AcceleratorSession session)
    {
        rows = new DeviceVector<float>(session, Capacity * Width);
        health = new DeviceVector<int>(session, TrainingHealth.Length);
        rows.Clear();
        health.Clear();
    }

    /// <summary>The <see cref="TrainingHealth"/> record the kernels read and write.</summary>
    public ArrayView<int> Health => health.View;

    /// <summary>The metrics row of 1-based <paramref name="iteration"/> (shared with the iteration <see cref="Capacity"/> later).</summary>
    /// <param name="iteration">The iteration, ≥ 1.</param>
    /// <returns>Its <see cref="Width"/> values.</returns>
    public ArrayView<float> Row(int iteration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iteration, 1);
        return rows.View.SubView((long)((iteration - 1) % Capacity) * Width, Width);
    }

    /// <summary>One value of the metrics row of <paramref name="iteration"/>.</summary>
    /// <param name="iteration">The iteration, ≥ 1.</param>
    /// <param name="metric">The value.</param>
    /// <returns>A view of one float.</returns>
    public ArrayView<float> Slot(int iteration, TrainingMetric metric) => Row(iteration).SubView((int)metric, 1);

    /// <summary>Waits for the device and reads the divergence record.</summary>
    /// <returns>The first iteration that diverged (0 for none) and why.</returns>
    public (int Iteration, DivergenceCause Cause) ReadHealth()
    {
        var record = health.ToArray();
        return (record[0], (DivergenceCause)record[1]);
    }

    /// <summary>Reads the metrics rows of iterations <paramref name="first"/> … <paramref name="last"/>.</summary>
    /// <param name="first">The first iteration, ≥ 1.</param>
    /// <param name="last">The last, at most <see cref="Capacity"/> − 1 after the first.</param>
    /// <returns>One row of <see cref="Width"/> values per iteration.</returns>
    public float[][] ReadRows(int first, int last)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
        if (last - first >= Capacity)
            throw new ArgumentOutOfRangeException(nameof(last), last, $"the ring holds only {Capacity} iterations from {first}");
        var ring = rows.ToArray();
        var result = new float[Math.Max(last - first + 1, 0)][];
        for (int k = 0; k < result.Length; k++)
            result[k] = ring.AsSpan(((first + k - 1) % Capacity) * Width, Width).ToArray();
        return result;
    }

    /// <summary>Marks training healthy again (after parameters are restored from a checkpoint).</summary>
    public void Reset() => health.Clear();

    /// <inheritdoc/>
    public void Dispose()
    {
        rows.Dispose();
        health.Dispose();
    }
}
