using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>Mixture of diagonal Gaussians: E(x) = −log Σₖ wₖ N(x; μₖ, diag σₖ²), by a log-sum-exp over blocks of components.</summary>
/// <remarks>
/// Component k's log density is cₖ − Σⱼ (xⱼ − μₖⱼ)²/(2σₖⱼ²) with cₖ = log wₖ − Σⱼ log σₖⱼ − d/2 · log 2π
/// precomputed on the host. ∇ₓE = Σₖ rₖ (x − μₖ)/σₖ², rₖ the responsibilities. log Z = 0 for normalised weights.
/// <para>
/// The components lie in blocks of <see cref="ComponentLanes.Count"/>, evaluated as one <see cref="ComponentLanes"/> each:
/// component k is lane k mod 8 of block k / 8, and a block's values of one coordinate are adjacent. The last block is
/// padded with copies of the last component whose lane factor is 0, so they join the maxima but weigh nothing
/// (<see cref="Layout"/> builds the arrays). The running maximum, per block, keeps every exponential ≤ 1, so far-away
/// points neither overflow nor lose their gradient.
/// </para>
/// </remarks>
/// <param name="means">μ, [blocks, d, 8]: element (b, j, l) is μⱼ of component 8b + l.</param>
/// <param name="inverseVariances">1/σ², laid out as <paramref name="means"/>.</param>
/// <param name="logNormalizers">cₖ, [blocks, 8].</param>
/// <param name="laneFactors">1 for each component, 0 for each padding lane, [blocks, 8].</param>
public readonly struct GaussianMixtureEnergy(ArrayView<float> means, ArrayView<float> inverseVariances, ArrayView<float> logNormalizers,
    ArrayView<float> laneFactors) : IEnergy
{
    /// <inheritdoc/>
    public int Dimension => (int)(means.Length / logNormalizers.Length);

    private int Blocks => (int)(logNormalizers.Length / ComponentLanes.Count);

    /// <summary>Lays a mixture's parameters out in blocks of components, as the constructor takes them.</summary>
    /// <param name="means">μ, row-major [K, d].</param>
    /// <param name="inverseVariances">1/σ², row-major [K, d].</param>
    /// <param name="logNormalizers">cₖ, K values.</param>
    /// <returns>The four arrays, in the constructor's order.</returns>
    public static (float[] Means, float[] InverseVariances, float[] LogNormalizers, float[] LaneFactors) Layout(
        float[] means, float[] inverseVariances, float[] logNormalizers)
    {
        int components = logNormalizers.Length, d = means.Length / components;
        int blocks = (components + ComponentLanes.Count - 1) / ComponentLanes.Count, lanes = blocks * ComponentLanes.Count;
        var (blockedMeans, blockedInverseVariances) = (new float[lanes * d], new float[lanes * d]);
        var (blockedNormalizers, factors) = (new float[lanes], new float[lanes]);
        for (int lane = 0; lane < lanes; lane++)
        {
            int k = Math.Min(lane, components - 1), block = lane / ComponentLanes.Count, l = lane % ComponentLanes.Count;
            blockedNormalizers[lane] = logNormalizers[k];
            factors[lane] = lane < components ? 1 : 0;
            for (int j = 0; j < d; j++)
            {
                int at = (block * d + j) * ComponentLanes.Count + l;
                blockedMeans[at] = means[k * d + j];
                blockedInverseVariances[at] = inverseVariances[k * d + j];
            }
        }
        return (blockedMeans, blockedInverseVariances, blockedNormalizers, factors);
    }

    /// <inheritdoc/>
    public float Energy(PointView point, int slot)
    {
        int d = Dimension;
        float max = 0, sum = 0;
        for (int b = 0; b < Blocks; b++)
        {
            var logDensities = NextBlock(point, b, d, ref max, out float rescale);
            sum = sum * rescale + logDensities.ScaledExponentials(max, laneFactors, (long)b * ComponentLanes.Count).Sum();
        }
        return -(max + MathF.Log(sum));
    }

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        int d = Dimension;
        float max = 0, sum = 0;
        for (int b = 0; b < Blocks; b++)
        {
            var logDensities = NextBlock(point, b, d, ref max, out float rescale);
            var weights = logDensities.ScaledExponentials(max, laneFactors, (long)b * ComponentLanes.Count);
            sum = sum * rescale + weights.Sum();
            for (int j = 0; j < d; j++)
            {
                float term = weights.WeightedScaledOffsets(point[j], means, inverseVariances, LaneOffset(b, j, d));
                gradient[j] = b == 0 ? term : gradient[j] * rescale + term;
            }
        }
        float inverseSum = 1 / sum;
        for (int j = 0; j < d; j++)
            gradient[j] *= inverseSum;
        return -(max + MathF.Log(sum));
    }

    // Every component's log density in block b, with the running maximum `max` raised to the block's largest and the
    // factor that rescales sums taken relative to the old maximum (1 when it stands).
    private ComponentLanes NextBlock(PointView point, int b, int d, ref float max, out float rescale)
    {
        var logDensities = ComponentLanes.Load(logNormalizers, (long)b * ComponentLanes.Count);
        for (int j = 0; j < d; j++)
            logDensities.SubtractHalfSquare(point[j], means, inverseVariances, LaneOffset(b, j, d));
        float blockMax = logDensities.Max();
        rescale = 1;
        if (b == 0)
        {
            max = blockMax;
        }
        else if (blockMax > max)
        {
            rescale = MathF.Exp(max - blockMax);
            max = blockMax;
        }
        return logDensities;
    }

    // Lane 0 of block b's values of coordinate j.
    private static long LaneOffset(int b, int j, int d) => ((long)b * d + j) * ComponentLanes.Count;
}
