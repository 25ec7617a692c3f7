using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Energies;

/// <summary>A device energy whose parameters θ are trainable: owns θ and launches the per-sample ∇θE kernel.</summary>
/// <typeparam name="TEnergy">The trainable energy struct.</typeparam>
public abstract class TrainableDeviceEnergy<TEnergy> : DeviceEnergy<TEnergy>, ITrainableDeviceEnergy
    where TEnergy : struct, ITrainableEnergy
{
    /// <summary>Uploads θ.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="dimension">d.</param>
    /// <param name="parameters">θ.</param>
    protected TrainableDeviceEnergy(AcceleratorSession session, int dimension, ReadOnlySpan<float> parameters)
        : base(session, dimension)
    {
        Parameters = new DeviceVector<float>(session, parameters.Length);
        Parameters.CopyFrom(parameters);
    }

    /// <inheritdoc/>
    public DeviceVector<float> Parameters { get; }

    /// <inheritdoc/>
    public int ParameterCount => (int)Parameters.Length;

    /// <inheritdoc/>
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
    public virtual IBatchParameterGradient CreateBatchGradient(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        return new RowParameterGradient(this, rows);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Parameters.Dispose();
    }
}
