using Ebm.Runtime.Memory;

namespace Ebm.Runtime.Energies;

/// <summary>A device energy with trainable parameters θ in one flat buffer.</summary>
public interface ITrainableDeviceEnergy
{
    /// <summary>θ, updated in place by optimisers.</summary>
    DeviceVector<float> Parameters { get; }

    /// <summary>The number of parameters P.</summary>
    int ParameterCount { get; }

    /// <summary>energies[n] = E(points[n]) and row n of <paramref name="parameterGradients"/> = ∇θE(points[n]).</summary>
    /// <param name="points">[N, d].</param>
    /// <param name="energies">[N].</param>
    /// <param name="parameterGradients">[N, P] (or more rows).</param>
    void EvaluateParameterGradients(DeviceMatrix<float> points, DeviceVector<float> energies, DeviceMatrix<float> parameterGradients);

    /// <summary>Buffers and launches for weighted parameter gradients of batches of <paramref name="rows"/> rows, as lean as this energy allows.</summary>
    /// <param name="rows">N ≥ 1.</param>
    /// <returns>The batch gradient; the caller disposes it.</returns>
    IBatchParameterGradient CreateBatchGradient(int rows);
}
