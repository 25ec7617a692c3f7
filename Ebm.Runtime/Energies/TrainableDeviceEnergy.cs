using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Energies;

/// <summary>A device energy with parameters θ in one flat device buffer, updated in place by a trainer, and per-sample ∇θE.</summary>
/// <typeparam name="TEnergy">The trainable energy struct.</typeparam>
public abstract class TrainableDeviceEnergy<TEnergy> : DeviceEnergy<TEnergy>
    where TEnergy : struct, ITrainableEnergy
{
    /// <summary>Uploads the parameters.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="dimension">The point dimension.</param>
    /// <param name="parameters">The flat parameters θ (already validated by the caller).</param>
    protected TrainableDeviceEnergy(AcceleratorSession session, int dimension, ReadOnlySpan<float> parameters)
        : base(session, dimension)
    {
        Parameters = new DeviceVector<float>(session, parameters.Length);
        Parameters.CopyFrom(parameters);
    }

    /// <summary>The flat parameters θ, updated in place by the trainer.</summary>
    public DeviceVector<float> Parameters { get; }

    /// <summary>The number of parameters.</summary>
    public int ParameterCount => (int)Parameters.Length;

    /// <summary>energies[n] = E(points[n]) and row n of <paramref name="parameterGradients"/> = ∇θE(points[n]).</summary>
    /// <param name="points">[N, d].</param>
    /// <param name="energies">[N].</param>
    /// <param name="parameterGradients">[N, P].</param>
    public void EvaluateParameterGradients(DeviceMatrix<float> points, DeviceVector<float> energies, DeviceMatrix<float> parameterGradients)
    {
        CheckBatch(points, energies);
        ArgumentNullException.ThrowIfNull(parameterGradients);
        if (parameterGradients.Rows < points.Rows || parameterGradients.Columns != ParameterCount)
            throw new ArgumentException($"parameter gradients need [{points.Rows}, {ParameterCount}], got [{parameterGradients.Rows}, {parameterGradients.Columns}]", nameof(parameterGradients));
        var launch = Session.Kernels.Get<Action<AcceleratorStream, Index1D, TEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>>>(
            (Action<Index1D, TEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>>)EnergyKernels.ParameterGradients);
        if (points.Rows > 0)
            launch(Session.Accelerator.DefaultStream, points.Rows, Bind(points.Rows), points.View, energies.View, parameterGradients.View);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Parameters.Dispose();
    }
}
