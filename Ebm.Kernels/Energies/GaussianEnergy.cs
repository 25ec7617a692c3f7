using System.Runtime.CompilerServices;
using ILGPU;
using static Ebm.Kernels.Energies.TiledProduct;

namespace Ebm.Kernels.Energies;

/// <summary>Gaussian with full covariance Σ: E(x) = ½ (x − μ)ᵀ P (x − μ), P = Σ⁻¹ (computed on the host by Cholesky).</summary>
/// <remarks>
/// <para>log Z = d/2 · log 2π + ½ log det Σ. ∇ₓE = P (x − μ).</para>
/// <para>A thread evaluating its chain alone sums rows of P(x − μ) in blocks of 64, 16 or 1 adjacent rows. A work-group
/// (<see cref="GroupSlots"/>, <see cref="EvaluateStaged"/>) stages each chain's x − μ in its workspace slot and computes
/// P(x − μ) for all of them in tiles of eight chains × 16 rows, which its work-items take in turn, so each row of P loaded
/// serves eight chains. Both give the same bits.</para>
/// </remarks>
/// <param name="mean">μ, d values.</param>
/// <param name="precision">P, row-major [d, d], symmetric positive definite.</param>
/// <param name="workspace">
/// At least <see cref="WorkspaceLayout"/>.Length(slots) floats for grouped evaluation (x − μ, then P(x − μ), per slot); unread
/// by a thread evaluating its chain alone.
/// </param>
public readonly struct GaussianEnergy(ArrayView<float> mean, ArrayView<float> precision, ArrayView<float> workspace) : IGroupEnergy
{
    /// <inheritdoc/>
    public int Dimension => (int)mean.Length;

    /// <summary>Workspace floats per slot of a <paramref name="dimension"/>-dimensional Gaussian: x − μ and P(x − μ).</summary>
    /// <param name="dimension">d.</param>
    /// <returns>2d.</returns>
    public static int WorkspaceStrideOf(int dimension) => 2 * dimension;

    /// <summary>The workspace's layout: <see cref="PointLayout.Blocked"/> over 2d values per slot.</summary>
    public PointLayout WorkspaceLayout => PointLayout.Blocked(WorkspaceStrideOf(Dimension));

    /// <inheritdoc/>
    public float Energy(PointView point, int slot) => Evaluate(point, default, false);

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot) => Evaluate(point, gradient, true);

    /// <inheritdoc/>
    public void Stage(PointView point, int slot)
    {
        long start = WorkspaceLayout.At(slot, 0);
        for (int j = 0; j < Dimension; j++)
            workspace[At(j, start)] = point[j] - mean[j];
    }

    /// <inheritdoc/>
    /// <remarks>Tiles of eight chains × 16 rows (one row per tile for d &lt; 16); the group size must be a multiple of 8.</remarks>
    public void EvaluateStaged(bool withGradient)
    {
        var team = new GroupSlots();
        team.Synchronize();
        TiledProduct.Run<GroupSlots, ChainPairTile<FourChainTile<ColumnBlock16>>, ChainPairTile<FourChainTile<ColumnBlock16>>, ChainPairTile<FourChainTile<ColumnBlock1>>,
            PrecisionPass>(team, new PrecisionPass(precision, workspace, Dimension), workspace, WorkspaceLayout);
        team.Synchronize();
    }

    /// <inheritdoc/>
    public float StagedResult(PointView point, PointView gradient, int slot, bool withGradient)
    {
        long start = WorkspaceLayout.At(slot, 0);
        int d = Dimension;
        float energy = 0;
        for (int i = 0; i < d; i++)
            energy += Term(point, gradient, withGradient, i, workspace[At(d + i, start)]);
        return energy;
    }

    // E = ½ Σᵢ (x − μ)ᵢ (P(x − μ))ᵢ. P is symmetric, so rows of P(x − μ) are sums over the rows j of P's columns: blocks of
    // adjacent rows at once, widest blocks first.
    private float Evaluate(PointView point, PointView gradient, bool storeGradient)
    {
        float energy = 0;
        int i = RowBlocks<ColumnBlock64>(point, gradient, storeGradient, 0, ref energy);
        i = RowBlocks<ColumnBlock16>(point, gradient, storeGradient, i, ref energy);
        RowBlocks<ColumnBlock1>(point, gradient, storeGradient, i, ref energy);
        return energy;
    }

    // Rows from first on in blocks of W = TBlock's width (the last one placed by ColumnBlocks.Start), their terms added to
    // the energy in row order; returns the first row left over (fewer than W rows in all).
    private int RowBlocks<TBlock>(PointView point, PointView gradient, bool storeGradient, int first, ref float energy)
        where TBlock : struct, IColumnBlock
    {
        int d = Dimension, width = default(TBlock).Width, i = first;
        for (; i < d && width <= d; i += width)
        {
            int at = ColumnBlocks.Start(i, d, width);
            var rows = default(TBlock);
            for (int j = 0; j < d; j++)
                rows.Add(precision, (long)j * d + at, point[j] - mean[j]);
            for (int k = i - at; k < width; k++)
                energy += Term(point, gradient, storeGradient, at + k, rows[k]);
        }
        return Math.Min(i, d);
    }

    // Row i's share ½ (x − μ)ᵢ (P(x − μ))ᵢ of E, storing ∇ᵢE = (P(x − μ))ᵢ when asked.
    private float Term(PointView point, PointView gradient, bool storeGradient, int i, float row)
    {
        if (storeGradient)
            gradient[i] = row;
        return 0.5f * (point[i] - mean[i]) * row;
    }

    // P(x − μ) for the staged slots: row i of slot s is Σⱼ P[j, i] (x − μ)ⱼ (P is symmetric), stored after x − μ.
    private readonly struct PrecisionPass(ArrayView<float> precision, ArrayView<float> workspace, int dimension) : ITilePass
    {
        public int Columns => dimension;

        public int Terms => dimension;

        public ArrayView<float> Matrix => precision;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long Row(int term) => (long)term * dimension;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long Input(int term) => term;

        public void Start<TTile>(ref TTile sums, int at)
            where TTile : struct, IChainTile
        {
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(long start, int column, float sum) => workspace[At(dimension + column, start)] = sum;
    }
}
