using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>A Gaussian with learnable mean μ and precision P = L Lᵀ (see <see cref="TrainableGaussianEnergy"/> for the layout of θ).</summary>
public sealed record TrainableGaussianSpec : EnergySpec, ITrainableSpec
{
    /// <summary>Creates the spec from θ = (μ, L packed by rows).</summary>
    /// <param name="dimension">d.</param>
    /// <param name="parameters">d + d(d+1)/2 finite values.</param>
    public TrainableGaussianSpec(int dimension, IReadOnlyList<float> parameters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentNullException.ThrowIfNull(parameters);
        SpecChecks.Length(parameters.Count, dimension + dimension * (dimension + 1) / 2, "parameters");
        SpecChecks.Finite(parameters.Select(value => (double)value), "parameters");
        Dim = dimension;
        Parameters = [.. parameters];
    }

    /// <summary>d.</summary>
    public int Dim { get; }

    /// <summary>θ.</summary>
    public IReadOnlyList<float> Parameters { get; }

    /// <inheritdoc/>
    public override string Kind => "trainable_gaussian";

    /// <inheritdoc/>
    public override int Dimension => Dim;

    /// <summary>The standard normal: μ = 0, L = I.</summary>
    /// <param name="dimension">d.</param>
    /// <returns>The spec.</returns>
    public static TrainableGaussianSpec StandardNormal(int dimension)
    {
        var parameters = new float[dimension + dimension * (dimension + 1) / 2];
        for (int k = 0; k < dimension; k++)
            parameters[TrainableGaussianEnergy.FactorIndex(dimension, k, k)] = 1;
        return new TrainableGaussianSpec(dimension, parameters);
    }

    /// <inheritdoc/>
    public EnergySpec WithParameters(IReadOnlyList<float> parameters) => new TrainableGaussianSpec(Dim, parameters) { Temperature = Temperature };

    /// <summary>μ.</summary>
    public double[] Mean() => [.. Parameters.Take(Dim).Select(value => (double)value)];

    /// <summary>P = L Lᵀ.</summary>
    public double[,] Precision()
    {
        var precision = new double[Dim, Dim];
        for (int i = 0; i < Dim; i++)
            for (int j = 0; j < Dim; j++)
                for (int k = 0; k <= Math.Min(i, j); k++)
                    precision[i, j] += Factor(i, k) * Factor(j, k);
        return precision;
    }

    /// <inheritdoc/>
    public override double? LogPartition =>
        0.5 * Dim * Math.Log(2 * Math.PI * Temperature) - Enumerable.Range(0, Dim).Sum(k => Math.Log(Math.Abs(Factor(k, k))));

    /// <inheritdoc/>
    public override double ReferenceEnergy(ReadOnlySpan<double> point, Span<double> gradient)
    {
        var precision = Precision();
        double energy = 0;
        for (int i = 0; i < Dim; i++)
        {
            double row = 0;
            for (int j = 0; j < Dim; j++)
                row += precision[i, j] * (point[j] - Parameters[j]);
            gradient[i] = row;
            energy += 0.5 * (point[i] - Parameters[i]) * row;
        }
        return energy;
    }

    /// <inheritdoc/>
    public override DeviceEnergy CreateDevice(AcceleratorSession session)
    {
        ValidateTemperature();
        return new TrainableGaussianDeviceEnergy(session, Dim, Parameters.ToArray());
    }

    private double Factor(int i, int k) => Parameters[TrainableGaussianEnergy.FactorIndex(Dim, i, k)];
}
