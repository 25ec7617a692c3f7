using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>Gaussian N(μ, Σ) with full covariance: E(x) = ½ (x − μ)ᵀ Σ⁻¹ (x − μ).</summary>
/// <remarks>Built from a covariance or a precision; either is factorised once by Cholesky, which also proves it positive definite.</remarks>
public sealed record GaussianSpec : EnergySpec
{
    private GaussianSpec(double[] mean, double[,] covariance, double[,] precision, double logDeterminantCovariance, double[,] covarianceCholesky)
    {
        Mean = mean;
        Covariance = covariance;
        Precision = precision;
        LogDeterminantCovariance = logDeterminantCovariance;
        CovarianceCholesky = covarianceCholesky;
    }

    /// <summary>μ.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Σ.</summary>
    public double[,] Covariance { get; }

    /// <summary>P = Σ⁻¹.</summary>
    public double[,] Precision { get; }

    /// <summary>L with Σ = L Lᵀ (lower triangular): x = μ + L z draws exactly from the target at T = 1.</summary>
    public double[,] CovarianceCholesky { get; }

    /// <summary>log det Σ.</summary>
    public double LogDeterminantCovariance { get; }

    /// <inheritdoc/>
    public override string Kind => "gaussian";

    /// <inheritdoc/>
    public override int Dimension => Mean.Count;

    /// <inheritdoc/>
    public override double? LogPartition => 0.5 * Dimension * Math.Log(2 * Math.PI * Temperature) + 0.5 * LogDeterminantCovariance;

    /// <summary>Creates the spec from a covariance matrix.</summary>
    /// <param name="mean">μ.</param>
    /// <param name="covariance">Σ, symmetric positive definite.</param>
    /// <returns>The spec.</returns>
    public static GaussianSpec FromCovariance(IReadOnlyList<double> mean, double[,] covariance)
    {
        var checkedMean = CheckShapes(mean, covariance, "covariance");
        var lower = Cholesky.Factor(covariance, "covariance");
        var precision = Cholesky.Inverse(lower);
        CheckFloat32(precision, lower, "covariance");
        return new GaussianSpec(checkedMean, (double[,])covariance.Clone(), precision, Cholesky.LogDeterminant(lower), lower);
    }

    /// <summary>Creates the spec from a precision matrix.</summary>
    /// <param name="mean">μ.</param>
    /// <param name="precision">P = Σ⁻¹, symmetric positive definite.</param>
    /// <returns>The spec.</returns>
    public static GaussianSpec FromPrecision(IReadOnlyList<double> mean, double[,] precision)
    {
        var checkedMean = CheckShapes(mean, precision, "precision");
        var precisionLower = Cholesky.Factor(precision, "precision");
        var covariance = Cholesky.Inverse(precisionLower);
        var covarianceLower = Cholesky.Factor(covariance, "covariance");
        CheckFloat32(precision, covarianceLower, "precision");
        return new GaussianSpec(checkedMean, covariance, (double[,])precision.Clone(), -Cholesky.LogDeterminant(precisionLower), covarianceLower);
    }

    /// <inheritdoc/>
    public override double ReferenceEnergy(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double energy = 0;
        for (int i = 0; i < Dimension; i++)
        {
            double row = 0;
            for (int j = 0; j < Dimension; j++)
                row += Precision[i, j] * (point[j] - Mean[j]);
            gradient[i] = row;
            energy += 0.5 * (point[i] - Mean[i]) * row;
        }
        return energy;
    }

    /// <inheritdoc/>
    public override DeviceEnergy CreateDevice(AcceleratorSession session)
    {
        ValidateTemperature();
        var mean = DiagonalGaussianSpec.Upload(session, Mean);
        var precision = DiagonalGaussianSpec.Upload(session, Precision.Cast<double>());
        return new GaussianDeviceEnergy(session, mean, precision);
    }

    // The kernels hold the precision in float32 and starting draws use the covariance's Cholesky factor, whose diagonal
    // entries are the model's scales: both must stay inside float32's range with room for a square.
    private static void CheckFloat32(double[,] precision, double[,] covarianceLower, string field)
    {
        SpecChecks.Float32Matrix(precision, field, "the precision");
        for (int i = 0; i < covarianceLower.GetLength(0); i++)
        {
            double scale = covarianceLower[i, i];
            if (scale is < SpecChecks.Smallest or > SpecChecks.Largest)
                throw new ArgumentException($"{field} has a Cholesky factor whose diagonal entry [{i}, {i}] is {scale:G3}: scales outside {SpecChecks.Smallest:G} … {SpecChecks.Largest:G} underflow or overflow float32 arithmetic", field);
        }
    }

    private static double[] CheckShapes(IReadOnlyList<double> mean, double[,] matrix, string field)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(matrix);
        if (mean.Count == 0)
            throw new ArgumentException("mean is empty", nameof(mean));
        SpecChecks.Finite(mean, "mean");
        if (matrix.GetLength(0) != mean.Count || matrix.GetLength(1) != mean.Count)
            throw new ArgumentException($"{field} is [{matrix.GetLength(0)}, {matrix.GetLength(1)}]; expected [{mean.Count}, {mean.Count}] to match the mean", field);
        SpecChecks.Finite(matrix.Cast<double>(), field);
        return [.. mean];
    }
}
