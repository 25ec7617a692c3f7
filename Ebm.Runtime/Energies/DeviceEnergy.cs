using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;

namespace Ebm.Runtime.Energies;

/// <summary>An energy whose parameters live on one accelerator, with batched evaluation.</summary>
public abstract class DeviceEnergy : IDisposable
{
    /// <summary>Creates the energy on <paramref name="session"/>.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="dimension">The point dimension.</param>
    protected DeviceEnergy(AcceleratorSession session, int dimension)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Session = session;
        Dimension = dimension;
    }

    /// <summary>The session the parameters live on.</summary>
    public AcceleratorSession Session { get; }

    /// <summary>The point dimension d.</summary>
    public int Dimension { get; }

    /// <summary>energies[n] = E(points[n]) for a [N, d] batch.</summary>
    /// <param name="points">[N, d].</param>
    /// <param name="energies">[N].</param>
    public abstract void Evaluate(DeviceMatrix<float> points, DeviceVector<float> energies);

    /// <summary>Energies and ∇ₓE for a [N, d] batch, in one pass.</summary>
    /// <param name="points">[N, d].</param>
    /// <param name="energies">[N].</param>
    /// <param name="gradients">[N, d].</param>
    public abstract void EvaluateWithGradient(DeviceMatrix<float> points, DeviceVector<float> energies, DeviceMatrix<float> gradients);

    /// <summary>Runs <paramref name="operation"/> with this energy's struct type.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <returns>Its result.</returns>
    public abstract TResult Apply<TResult>(IEnergyOperation<TResult> operation);

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the device buffers.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected abstract void Dispose(bool disposing);

    /// <summary>Checks that a batch is [N, d] with matching output sizes.</summary>
    /// <param name="points">The points.</param>
    /// <param name="energies">The energies.</param>
    protected void CheckBatch(DeviceMatrix<float> points, DeviceVector<float> energies)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(energies);
        if (points.Columns != Dimension)
            throw new ArgumentException($"points have {points.Columns} coordinates; the energy has dimension {Dimension}", nameof(points));
        if (energies.Length != points.Rows)
            throw new ArgumentException($"{points.Rows} points but room for {energies.Length} energies", nameof(energies));
    }
}
