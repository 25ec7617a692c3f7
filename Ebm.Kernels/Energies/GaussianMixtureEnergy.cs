using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>Mixture of diagonal Gaussians: E(x) = −log Σₖ wₖ N(x; μₖ, diag σₖ²), by a one-pass (online) log-sum-exp.</summary>
/// <remarks>
/// Component k's log density is cₖ − Σⱼ (xⱼ − μₖⱼ)²/(2σₖⱼ²) with cₖ = log wₖ − Σⱼ log σₖⱼ − d/2 · log 2π
/// precomputed on the host. ∇ₓE = Σₖ rₖ (x − μₖ)/σₖ², rₖ the responsibilities. log Z = 0 for normalised weights.
/// The running maximum keeps every exponential ≤ 1, so far-away points neither overflow nor lose their gradient.
/// </remarks>
/// <param name="means">μ, row-major [K, d].</param>
/// <param name="inverseVariances">1/σ², row-major [K, d].</param>
/// <param name="logNormalizers">cₖ, K values.</param>
public readonly struct GaussianMixtureEnergy(ArrayView<float> means, ArrayView<float> inverseVariances, ArrayView<float> logNormalizers) : IEnergy
{
    /// <inheritdoc/>
    public int Dimension => (int)(means.Length / logNormalizers.Length);

    /// <inheritdoc/>
    public float Energy(PointView point, int slot)
    {
        int d = Dimension;
        float max = float.NegativeInfinity, sum = 0;
        for (int k = 0; k < (int)logNormalizers.Length; k++)
        {
            float logDensity = ComponentLogDensity(point, k, d);
            if (logDensity > max)
            {
                sum = sum * MathF.Exp(max - logDensity) + 1;
                max = logDensity;
            }
            else
            {
                sum += MathF.Exp(logDensity - max);
            }
        }
        return -(max + MathF.Log(sum));
    }

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        int d = Dimension;
        for (int j = 0; j < d; j++)
            gradient[j] = 0;
        float max = float.NegativeInfinity, sum = 0;
        for (int k = 0; k < (int)logNormalizers.Length; k++)
        {
            float logDensity = ComponentLogDensity(point, k, d);
            float weight; // exp(logDensity − max) after rescaling the running sums to the new max
            if (logDensity > max)
            {
                float rescale = MathF.Exp(max - logDensity);
                sum *= rescale;
                for (int j = 0; j < d; j++)
                    gradient[j] *= rescale;
                max = logDensity;
                weight = 1;
            }
            else
            {
                weight = MathF.Exp(logDensity - max);
            }
            sum += weight;
            long offset = (long)k * d;
            for (int j = 0; j < d; j++)
                gradient[j] += weight * (point[j] - means[offset + j]) * inverseVariances[offset + j];
        }
        float inverseSum = 1 / sum;
        for (int j = 0; j < d; j++)
            gradient[j] *= inverseSum;
        return -(max + MathF.Log(sum));
    }

    private float ComponentLogDensity(PointView point, int k, int d)
    {
        long offset = (long)k * d;
        float quadratic = 0;
        for (int j = 0; j < d; j++)
        {
            float centred = point[j] - means[offset + j];
            quadratic += centred * centred * inverseVariances[offset + j];
        }
        return logNormalizers[k] - 0.5f * quadratic;
    }
}
