using Ebm.Kernels.Energies;
using ILGPU;

namespace Ebm.Kernels.Partition;

/// <summary>
/// The intermediate energy of annealed importance sampling at β ∈ [0, 1]:
/// E_β(x) = (1 − β) · ½ Σⱼ ((xⱼ − μⱼ)/σⱼ)² + β · E(x)/T, so that exp(−E_β) = f₀(x)^(1−β) · (exp(−E(x)/T))^β.
/// </summary>
/// <remarks>
/// The target temperature T is folded in here: samplers run this energy at inverse temperature 1. f₀ is the
/// unnormalised base N(μ, diag σ²), with log Z₀ = d/2 · log 2π + Σⱼ log σⱼ.
/// </remarks>
/// <typeparam name="TEnergy">The target energy.</typeparam>
/// <param name="target">E.</param>
/// <param name="baseMean">μ, d values.</param>
/// <param name="baseScales">σ, d positive values.</param>
/// <param name="beta">β.</param>
/// <param name="inverseTemperature">1/T of the target.</param>
public readonly struct AnnealedEnergy<TEnergy>(TEnergy target, ArrayView<float> baseMean, ArrayView<float> baseScales, float beta, float inverseTemperature) : IEnergy
    where TEnergy : struct, IEnergy
{
    /// <inheritdoc/>
    public int Dimension => target.Dimension;

    /// <summary>β.</summary>
    public float Beta => beta;

    /// <inheritdoc/>
    public float Energy(PointView point, int slot) =>
        Combine(BaseEnergy(point, baseMean, baseScales, Dimension), target.Energy(point, slot));

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        float targetEnergy = target.EnergyAndGradient(point, gradient, slot);
        return CombineWithGradient(point, gradient, targetEnergy);
    }

    /// <summary>E_β from the base energy −log f₀(x) and the target energy E(x).</summary>
    /// <param name="baseEnergy">½ Σ ((x − μ)/σ)².</param>
    /// <param name="targetEnergy">E(x).</param>
    /// <returns>(1 − β) · base + β · E/T.</returns>
    public float Combine(float baseEnergy, float targetEnergy) => (1 - beta) * baseEnergy + beta * inverseTemperature * targetEnergy;

    /// <summary>Turns ∇E (in <paramref name="gradient"/>) into ∇E_β in place and returns E_β.</summary>
    /// <param name="point">x.</param>
    /// <param name="gradient">∇ₓE on entry, ∇ₓE_β on exit.</param>
    /// <param name="targetEnergy">E(x).</param>
    /// <returns>E_β(x).</returns>
    public float CombineWithGradient(PointView point, PointView gradient, float targetEnergy)
    {
        int d = Dimension;
        float baseEnergy = 0;
        for (int j = 0; j < d; j++)
        {
            float scale = baseScales[j];
            float z = (point[j] - baseMean[j]) / scale;
            baseEnergy += 0.5f * z * z;
            gradient[j] = beta * inverseTemperature * gradient[j] + (1 - beta) * z / scale; // ∇[(1−β)·½z² + βE/T]
        }
        return Combine(baseEnergy, targetEnergy);
    }

    /// <summary>−log f₀(x) = ½ Σⱼ ((xⱼ − μⱼ)/σⱼ)².</summary>
    /// <param name="point">x.</param>
    /// <param name="mean">μ.</param>
    /// <param name="scales">σ.</param>
    /// <param name="dimension">d.</param>
    /// <returns>The base energy.</returns>
    public static float BaseEnergy(PointView point, ArrayView<float> mean, ArrayView<float> scales, int dimension)
    {
        float sum = 0;
        for (int j = 0; j < dimension; j++)
        {
            float z = (point[j] - mean[j]) / scales[j];
            sum += 0.5f * z * z;
        }
        return sum;
    }
}
