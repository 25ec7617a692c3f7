using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>Batched energy kernels: one thread per point of a row-major [N, d] batch.</summary>
public static class EnergyKernels
{
    /// <summary>energies[n] = E(points[n]).</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="n">The point index (also its workspace slot).</param>
    /// <param name="energy">The energy.</param>
    /// <param name="points">[N, d] row-major.</param>
    /// <param name="energies">[N].</param>
    public static void Energies<TEnergy>(Index1D n, TEnergy energy, ArrayView<float> points, ArrayView<float> energies)
        where TEnergy : struct, IEnergy
    {
        int d = energy.Dimension;
        energies[n] = energy.Energy(PointLayout.RowMajor(d).Of(points, n), n);
    }

    /// <summary>energies[n] = E(points[n]) and gradients[n] = ∇ₓE(points[n]).</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="n">The point index (also its workspace slot).</param>
    /// <param name="energy">The energy.</param>
    /// <param name="points">[N, d] row-major.</param>
    /// <param name="energies">[N].</param>
    /// <param name="gradients">[N, d] row-major.</param>
    public static void EnergiesAndGradients<TEnergy>(Index1D n, TEnergy energy, ArrayView<float> points,
        ArrayView<float> energies, ArrayView<float> gradients)
        where TEnergy : struct, IEnergy
    {
        int d = energy.Dimension;
        energies[n] = energy.EnergyAndGradient(PointLayout.RowMajor(d).Of(points, n), PointLayout.RowMajor(d).Of(gradients, n), n);
    }

    /// <summary>energies[n] = E(points[n]) and row n of <paramref name="parameterGradients"/> = ∇θE(points[n]).</summary>
    /// <typeparam name="TEnergy">The trainable energy.</typeparam>
    /// <param name="n">The point index (also its workspace slot).</param>
    /// <param name="energy">The energy.</param>
    /// <param name="points">[N, d] row-major.</param>
    /// <param name="energies">[N].</param>
    /// <param name="parameterGradients">[N, P] row-major.</param>
    public static void ParameterGradients<TEnergy>(Index1D n, TEnergy energy, ArrayView<float> points,
        ArrayView<float> energies, ArrayView<float> parameterGradients)
        where TEnergy : struct, ITrainableEnergy
    {
        int d = energy.Dimension, p = energy.ParameterCount;
        energies[n] = energy.EnergyAndParameterGradient(PointLayout.RowMajor(d).Of(points, n), parameterGradients.SubView((long)n.X * p, p), n);
    }
}
