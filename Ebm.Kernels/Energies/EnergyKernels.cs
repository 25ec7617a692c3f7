using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>Batched energy kernels: one thread per point of a row-major [N, d] batch, alone or in work-groups that evaluate their points together (<see cref="IGroupEnergy"/>).</summary>
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

    /// <summary><see cref="Energies"/> for an energy that work-groups evaluate together: work-item n of the launch stages point n.</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="energy">The energy, with a workspace slot for every work-item of the launch (whole groups).</param>
    /// <param name="points">[N, d] row-major.</param>
    /// <param name="energies">[N].</param>
    /// <remarks>Work-items past the last point evaluate a copy of it, so that every work-item meets the group's barriers, and write nothing.</remarks>
    [GroupedKernel]
    public static void EnergiesInGroups<TEnergy>(TEnergy energy, ArrayView<float> points, ArrayView<float> energies)
        where TEnergy : struct, IGroupEnergy
    {
        int slot = Grid.GlobalIndex.X, rows = (int)energies.Length;
        var point = PointLayout.RowMajor(energy.Dimension).Of(points, Math.Min(slot, rows - 1));
        energy.Stage(point, slot);
        energy.EvaluateStaged(false);
        if (slot < rows)
            energies[slot] = energy.StagedResult(point, default, slot, false);
    }

    /// <summary><see cref="EnergiesAndGradients"/> for an energy that work-groups evaluate together: work-item n of the launch stages point n.</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="energy">The energy, with a workspace slot for every work-item of the launch (whole groups).</param>
    /// <param name="points">[N, d] row-major.</param>
    /// <param name="energies">[N].</param>
    /// <param name="gradients">[N, d] row-major.</param>
    /// <remarks>Work-items past the last point evaluate a copy of it, so that every work-item meets the group's barriers, and write nothing.</remarks>
    [GroupedKernel]
    public static void EnergiesAndGradientsInGroups<TEnergy>(TEnergy energy, ArrayView<float> points, ArrayView<float> energies, ArrayView<float> gradients)
        where TEnergy : struct, IGroupEnergy
    {
        int slot = Grid.GlobalIndex.X, rows = (int)energies.Length, d = energy.Dimension;
        int row = Math.Min(slot, rows - 1);
        var point = PointLayout.RowMajor(d).Of(points, row);
        energy.Stage(point, slot);
        energy.EvaluateStaged(true);
        if (slot < rows)
            energies[slot] = energy.StagedResult(point, PointLayout.RowMajor(d).Of(gradients, row), slot, true);
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
