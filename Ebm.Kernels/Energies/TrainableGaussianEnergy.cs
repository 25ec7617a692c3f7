using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>A Gaussian energy with learnable mean and precision: E(x) = ½ |Lᵀ(x − μ)|², P = L Lᵀ, L lower triangular.</summary>
/// <remarks>
/// Parameters θ = (μ [d], L packed by rows [d(d+1)/2]: L₀₀, L₁₀, L₁₁, L₂₀, …). With r = x − μ and y = Lᵀr:
/// ∇ₓE = L y, ∂E/∂μ = −L y, ∂E/∂L_ik = r_i y_k (i ≥ k). The factorisation keeps P positive semi-definite
/// whatever the optimiser does. log Z = d/2 · log 2π − Σ log |L_kk|.
/// </remarks>
/// <param name="parameters">θ, d + d(d+1)/2 values.</param>
/// <param name="dimension">d.</param>
public readonly struct TrainableGaussianEnergy(ArrayView<float> parameters, int dimension) : ITrainableEnergy
{
    /// <inheritdoc/>
    public int Dimension => dimension;

    /// <inheritdoc/>
    public int ParameterCount => dimension + dimension * (dimension + 1) / 2;

    /// <summary>Index of L_ik (i ≥ k) in θ.</summary>
    /// <param name="dimension">d.</param>
    /// <param name="i">Row.</param>
    /// <param name="k">Column, k ≤ i.</param>
    /// <returns>The flat index.</returns>
    public static int FactorIndex(int dimension, int i, int k) => dimension + i * (i + 1) / 2 + k;

    /// <inheritdoc/>
    public float Energy(PointView point, int slot)
    {
        float energy = 0;
        for (int k = 0; k < dimension; k++)
        {
            float y = Projection(point, k);
            energy += 0.5f * y * y;
        }
        return energy;
    }

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        for (int i = 0; i < dimension; i++)
            gradient[i] = 0;
        float energy = 0;
        for (int k = 0; k < dimension; k++)
        {
            float y = Projection(point, k);
            energy += 0.5f * y * y;
            for (int i = k; i < dimension; i++)
                gradient[i] += parameters[FactorIndex(dimension, i, k)] * y; // (L y)ᵢ
        }
        return energy;
    }

    /// <inheritdoc/>
    public float EnergyAndParameterGradient(PointView point, ArrayView<float> parameterGradient, int slot)
    {
        for (int i = 0; i < dimension; i++)
            parameterGradient[i] = 0;
        float energy = 0;
        for (int k = 0; k < dimension; k++)
        {
            float y = Projection(point, k);
            energy += 0.5f * y * y;
            for (int i = k; i < dimension; i++)
            {
                float residual = point[i] - parameters[i];
                parameterGradient[i] -= parameters[FactorIndex(dimension, i, k)] * y; // ∂E/∂μᵢ = −(L y)ᵢ
                parameterGradient[FactorIndex(dimension, i, k)] = residual * y;       // ∂E/∂L_ik = rᵢ y_k
            }
        }
        return energy;
    }

    // y_k = Σ_{i ≥ k} L_ik (x_i − μ_i)
    private float Projection(PointView point, int k)
    {
        float y = 0;
        for (int i = k; i < dimension; i++)
            y += parameters[FactorIndex(dimension, i, k)] * (point[i] - parameters[i]);
        return y;
    }
}
