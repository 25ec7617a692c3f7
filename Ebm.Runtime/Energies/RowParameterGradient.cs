using Ebm.Runtime.Memory;
using Ebm.Runtime.Training;

namespace Ebm.Runtime.Energies;

/// <summary>
/// The general <see cref="IBatchParameterGradient"/>: ∇θE of every row into an [N, P] matrix, then a weighted column sum.
/// Energies with a structured gradient (the MLP's outer products) provide a leaner one.
/// </summary>
/// <param name="energy">The trainable energy (borrowed).</param>
/// <param name="rows">N.</param>
public sealed class RowParameterGradient(ITrainableDeviceEnergy energy, int rows) : IBatchParameterGradient
{
    private readonly DeviceMatrix<float> perRow = new(energy.Parameters.Session, rows, energy.ParameterCount);

    /// <inheritdoc/>
    public int Rows => rows;

    /// <inheritdoc/>
    public void Evaluate(DeviceMatrix<float> points, DeviceVector<float> energies) => energy.EvaluateParameterGradients(points, energies, perRow);

    /// <inheritdoc/>
    public void Reduce(DeviceVector<float> weights, DeviceVector<float> gradient) =>
        ColumnReduction.WeightedSums(energy.Parameters.Session, perRow, weights, gradient);

    /// <inheritdoc/>
    public void Dispose() => perRow.Dispose();
}
