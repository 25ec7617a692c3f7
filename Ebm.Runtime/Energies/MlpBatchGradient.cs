using Ebm.Runtime.Memory;

namespace Ebm.Runtime.Energies;

/// <summary>The MLP's <see cref="IBatchParameterGradient"/>: per-row traces, then one outer-product sum per parameter.</summary>
/// <param name="network">The network (borrowed).</param>
/// <param name="rows">N.</param>
internal sealed class MlpBatchGradient(MlpDeviceEnergy network, int rows) : IBatchParameterGradient
{
    private readonly DeviceMatrix<float> traces = new(network.Session, rows, network.TraceStride);

    /// <inheritdoc/>
    public int Rows => rows;

    /// <inheritdoc/>
    public void Evaluate(DeviceMatrix<float> points, DeviceVector<float> energies) => network.EvaluateTraces(points, energies, traces);

    /// <inheritdoc/>
    public void Reduce(DeviceVector<float> weights, DeviceVector<float> gradient) => network.ReduceTraces(traces, weights, gradient);

    /// <inheritdoc/>
    public void Dispose() => traces.Dispose();
}
