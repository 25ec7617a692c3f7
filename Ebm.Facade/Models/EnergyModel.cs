using CommunityToolkit.HighPerformance;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;

namespace Ebm.Facade.Models;

/// <summary>An energy on an accelerator, with batched evaluation for host arrays: the facade's model object.</summary>
/// <remarks>The session is borrowed: disposing the model frees its device buffers, not the session.</remarks>
public sealed class EnergyModel : IDisposable
{
    private EnergyModel(EnergySpec spec, DeviceEnergy device)
    {
        Spec = spec;
        Device = device;
    }

    /// <summary>The host definition.</summary>
    public EnergySpec Spec { get; }

    /// <summary>The device energy (for samplers and trainers).</summary>
    public DeviceEnergy Device { get; }

    /// <summary>The point dimension.</summary>
    public int Dimension => Spec.Dimension;

    /// <summary>The temperature T.</summary>
    public double Temperature => Spec.Temperature;

    /// <summary>Uploads <paramref name="spec"/> to <paramref name="session"/>.</summary>
    /// <param name="spec">The energy.</param>
    /// <param name="session">The accelerator session (borrowed).</param>
    /// <returns>The model.</returns>
    public static EnergyModel Create(EnergySpec spec, AcceleratorSession session)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new EnergyModel(spec, spec.CreateDevice(session));
    }

    /// <summary>E(x) for each row of <paramref name="points"/>.</summary>
    /// <param name="points">[N, d], finite.</param>
    /// <returns>N energies.</returns>
    public float[] Energy(float[,] points)
    {
        PointBatch.Validate(points, Dimension);
        using var devicePoints = Upload(points);
        using var energies = new DeviceVector<float>(Device.Session, points.GetLength(0));
        Device.Evaluate(devicePoints, energies);
        return energies.ToArray();
    }

    /// <summary>E(x) and ∇ₓE(x) for each row of <paramref name="points"/>, in one pass.</summary>
    /// <param name="points">[N, d], finite.</param>
    /// <returns>N energies and the [N, d] gradients.</returns>
    public (float[] Energies, float[,] Gradients) EnergyAndGradient(float[,] points)
    {
        PointBatch.Validate(points, Dimension);
        using var devicePoints = Upload(points);
        using var energies = new DeviceVector<float>(Device.Session, points.GetLength(0));
        using var gradients = new DeviceMatrix<float>(Device.Session, points.GetLength(0), Dimension);
        Device.EvaluateWithGradient(devicePoints, energies, gradients);
        return (energies.ToArray(), gradients.ToArray());
    }

    /// <summary>log p(x₁) − log p(x₂) = (E(x₂) − E(x₁))/T, row by row.</summary>
    /// <remarks>The partition function cancels: the ratio of two densities needs no estimate of Z.</remarks>
    /// <param name="first">x₁, [N, d].</param>
    /// <param name="second">x₂, [N, d].</param>
    /// <returns>N log ratios, in float64 from float32 energies.</returns>
    public double[] LogRatio(float[,] first, float[,] second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.GetLength(0) != second.GetLength(0))
            throw new ArgumentException($"the batches differ in size: {first.GetLength(0)} and {second.GetLength(0)} points", nameof(second));
        float[] e1 = Energy(first), e2 = Energy(second);
        return [.. e1.Select((energy, n) => ((double)e2[n] - energy) / Temperature)];
    }

    /// <inheritdoc/>
    public void Dispose() => Device.Dispose();

    private DeviceMatrix<float> Upload(float[,] points)
    {
        var matrix = new DeviceMatrix<float>(Device.Session, points.GetLength(0), points.GetLength(1));
        matrix.CopyFrom(new ReadOnlySpan2D<float>(points));
        return matrix;
    }
}
