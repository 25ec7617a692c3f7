using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Samplers;

/// <summary>
/// The No-U-Turn sampler (Hoffman &amp; Gelman 2014) in the form Stan, NumPyro and BlackJAX run: multinomial sampling of
/// the trajectory (Betancourt 2017), the generalised U-turn criterion on momentum sums, and trees built iteratively with
/// momentum checkpoints (NumPyro's scheme: no recursion, which OpenCL forbids), on a diagonal mass matrix.
/// </summary>
/// <remarks>
/// <para>A transition draws p ~ N(0, M) and doubles the trajectory up to <see cref="MaxDepth"/> times, each time in a
/// random direction, with a new subtree of 2^depth leapfrog steps from the end on that side. Leaves carry the weight
/// exp(−(H − H₀)). Within a subtree a leaf replaces the subtree's candidate with probability its weight over the subtree's
/// (progressive uniform sampling); a finished subtree's candidate replaces the tree's with probability min(1, W_sub/W_tree)
/// (biased progressive sampling). Doubling stops when the merged tree makes a U-turn (ρ − (p₋ + p₊)/2 against M⁻¹p₋ or
/// M⁻¹p₊ ≤ 0, with ρ the momentum sum), or when a subtree does (then its leaves are discarded), or when a leaf diverges
/// (H − H₀ above <see cref="DivergenceThreshold"/>, or not finite: counted, and the subtree discarded).</para>
/// <para>Inside a subtree, the U-turn of every sub-subtree that ends at the newest leaf is checked from checkpoints of the
/// momentum and the momentum sum stored at even leaves (index ⌊popcount(i/2)⌋), so a subtree needs 2·MaxDepth vectors,
/// not a stack. The step-size adaptation sees the mean over the leaves of min(1, exp(H₀ − H)), as in Stan.</para>
/// <para>Per chain, the transition keeps <see cref="VectorsFor"/>(MaxDepth) vectors of d floats in <see cref="Workspace"/>
/// (the two ends, the subtree's candidate, two momentum sums and the checkpoints; the tree's candidate is in the chain's
/// proposal rows) and adds to <see cref="Statistics"/> [C, 3]: the tree depth, 1 when the depth reached MaxDepth, and the
/// leapfrog steps (gradient evaluations).</para>
/// </remarks>
public struct NutsTransition : ITransition
{
    /// <summary>The most doublings of a trajectory (Stan and NumPyro default to 10): at most 2^MaxDepth − 1 leapfrog steps.</summary>
    public int MaxDepth;

    /// <summary>An energy error H − H₀ above this makes a leaf divergent (Stan uses 1000).</summary>
    public float DivergenceThreshold;

    /// <summary>Per-chain scratch, <see cref="VectorsFor"/>(MaxDepth) · d values per chain, laid out as <see cref="WorkspaceLayout"/>.</summary>
    public ArrayView<float> Workspace;

    /// <summary>The chains' layout over <see cref="VectorsFor"/>(MaxDepth) · d values.</summary>
    public PointLayout WorkspaceLayout;

    /// <summary>[C, 3]: Σ tree depths, transitions at the maximum depth, Σ leapfrog steps.</summary>
    public ArrayView<int> Statistics;

    /// <summary>The deepest tree this build accepts.</summary>
    public const int DeepestTree = 20;

    private const int LeftPosition = 0, LeftMomentum = 1, LeftGradient = 2, RightPosition = 3, RightMomentum = 4, RightGradient = 5;
    private const int SubtreePosition = 6, SubtreeGradient = 7, TreeMomentumSum = 8, SubtreeMomentumSum = 9, FirstCheckpoint = 10;

    /// <summary>Vectors of d floats per chain the workspace needs for trees of depth at most <paramref name="maxDepth"/>.</summary>
    /// <param name="maxDepth">The maximum depth.</param>
    /// <returns>10 + 2 · maxDepth.</returns>
    public static int VectorsFor(int maxDepth) => FirstCheckpoint + 2 * maxDepth;

    /// <inheritdoc/>
    public readonly string? Problem =>
        MaxDepth is < 1 or > DeepestTree ? $"NUTS's maximum tree depth must be between 1 and {DeepestTree} (got {MaxDepth})"
        : !(DivergenceThreshold > 0) ? $"NUTS's divergence threshold must be positive (got {DivergenceThreshold})"
        : WorkspaceLayout.Dimension % VectorsFor(MaxDepth) != 0 ? $"NUTS's workspace holds {WorkspaceLayout.Dimension} values per chain, not a multiple of {VectorsFor(MaxDepth)} vectors"
        : null;

    /// <inheritdoc/>
    public readonly void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy =>
        Step(energy, state, settings, chain, step, ref random, default(NutsRules));

    /// <summary>One transition under <paramref name="rules"/> (<see cref="NutsRules"/> for the sampler itself).</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <typeparam name="TRules">The U-turn and selection rules.</typeparam>
    /// <param name="energy">The energy.</param>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="step">The step within the launch.</param>
    /// <param name="random">The chain's stream at this step.</param>
    /// <param name="rules">The rules.</param>
    public readonly void Step<TEnergy, TRules>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random, TRules rules)
        where TEnergy : struct, IEnergy
        where TRules : struct, INutsRules
    {
        int d = state.Dimension;
        float beta = settings.InverseTemperature;
        var position = state.Of(state.Positions, chain);
        var gradient = state.Of(state.Gradients, chain);
        var proposal = state.Of(state.Proposals, chain);
        var proposalGradient = state.Of(state.ProposalGradients, chain);
        PointView leftPosition = Vector(chain, d, LeftPosition), leftMomentum = Vector(chain, d, LeftMomentum), leftGradient = Vector(chain, d, LeftGradient);
        PointView rightPosition = Vector(chain, d, RightPosition), rightMomentum = Vector(chain, d, RightMomentum), rightGradient = Vector(chain, d, RightGradient);
        var treeSum = Vector(chain, d, TreeMomentumSum);
        var subtreeSum = Vector(chain, d, SubtreeMomentumSum);
        float kinetic = 0;
        for (int j = 0; j < d; j++)
        {
            float z = random.NextNormal();
            float p = z / MathF.Sqrt(state.InverseMass[j]); // p_j ~ N(0, M_j), K_j = ½ z_j²
            kinetic += 0.5f * z * z;
            leftPosition[j] = rightPosition[j] = proposal[j] = position[j];
            leftGradient[j] = rightGradient[j] = proposalGradient[j] = gradient[j];
            leftMomentum[j] = rightMomentum[j] = treeSum[j] = p;
        }
        var tree = new TrajectoryTotals { InitialHamiltonian = beta * state.Energies[chain] + kinetic, Epsilon = state.StepSizes[chain], Beta = beta };
        float treeLogWeight = 0, proposalEnergy = state.Energies[chain];
        int depth = 0;
        bool moved = false, divergent = false;
        while (depth < MaxDepth)
        {
            bool toRight = (random.NextUInt() & 1) != 0;
            var end = toRight ? new TrajectoryEnd(rightPosition, rightMomentum, rightGradient) : new TrajectoryEnd(leftPosition, leftMomentum, leftGradient);
            var outcome = BuildSubtree(energy, state, chain, d, end, toRight ? 1 : -1, depth, ref tree, ref random, rules, out float subtreeLogWeight, out float subtreeEnergy);
            depth++;
            if (outcome != SubtreeOutcome.Complete)
            {
                divergent = outcome == SubtreeOutcome.Diverged;
                break;
            }
            if (MathF.Log(random.NextUniformOpenLow()) < rules.LogSelection(subtreeLogWeight, treeLogWeight))
            {
                var subtreePosition = Vector(chain, d, SubtreePosition);
                var subtreeGradient = Vector(chain, d, SubtreeGradient);
                for (int j = 0; j < d; j++)
                {
                    proposal[j] = subtreePosition[j];
                    proposalGradient[j] = subtreeGradient[j];
                }
                proposalEnergy = subtreeEnergy;
                moved = true;
            }
            treeLogWeight = LogAddExp(treeLogWeight, subtreeLogWeight);
            for (int j = 0; j < d; j++)
                treeSum[j] += subtreeSum[j];
            if (Turning(state, rules, leftMomentum, rightMomentum, treeSum, default, false))
                break;
        }
        long row = 3L * chain;
        Statistics[row] += depth;
        Statistics[row + 1] += depth == MaxDepth ? 1 : 0;
        Statistics[row + 2] += tree.Leaves;
        if (divergent)
            state.Divergent[chain] += 1;
        if (moved)
            ChainUpdate.TakeProposal(state, chain, proposalEnergy);
        ChainUpdate.Record(state, settings, chain, step, moved, tree.AcceptanceSum / tree.Leaves);
    }

    // 2^depth leapfrog steps from the end in direction (±1), with progressive uniform sampling of the subtree's candidate and
    // the iterative U-turn checks; the subtree's momentum sum ends in its vector.
    private readonly SubtreeOutcome BuildSubtree<TEnergy, TRules>(TEnergy energy, ChainState state, int chain, int d, TrajectoryEnd end, int direction,
        int depth, ref TrajectoryTotals tree, ref PhiloxStream random, TRules rules, out float logWeight, out float candidateEnergy)
        where TEnergy : struct, IEnergy
        where TRules : struct, INutsRules
    {
        var subtreePosition = Vector(chain, d, SubtreePosition);
        var subtreeGradient = Vector(chain, d, SubtreeGradient);
        var subtreeSum = Vector(chain, d, SubtreeMomentumSum);
        logWeight = float.NegativeInfinity;
        candidateEnergy = 0;
        int leaves = 1 << depth;
        for (int leaf = 0; leaf < leaves; leaf++)
        {
            float leafEnergy = LeapfrogIntegrator.Integrate(energy, state, end.Position, end.Gradient, end.Momentum, direction * tree.Epsilon, tree.Beta, 1, chain);
            float kinetic = 0;
            for (int j = 0; j < d; j++)
                kinetic += 0.5f * end.Momentum[j] * end.Momentum[j] * state.InverseMass[j];
            float error = tree.Beta * leafEnergy + kinetic - tree.InitialHamiltonian; // H − H₀
            tree.Leaves++;
            if (float.IsNaN(error) || error > DivergenceThreshold) // explicit NaN test: see ChainUpdate.Accept
                return SubtreeOutcome.Diverged;
            tree.AcceptanceSum += error < 0 ? 1 : MathF.Exp(-error);
            float total = LogAddExp(logWeight, -error);
            if (leaf == 0 || MathF.Log(random.NextUniformOpenLow()) < rules.LogSelection(-error, total))
            {
                for (int j = 0; j < d; j++)
                {
                    subtreePosition[j] = end.Position[j];
                    subtreeGradient[j] = end.Gradient[j];
                }
                candidateEnergy = leafEnergy;
            }
            logWeight = total;
            for (int j = 0; j < d; j++)
                subtreeSum[j] = (leaf == 0 ? 0 : subtreeSum[j]) + end.Momentum[j];
            if (leaf % 2 == 0)
            {
                int checkpoint = FirstCheckpoint + 2 * PopCount(leaf >> 1);
                var momentumCheckpoint = Vector(chain, d, checkpoint);
                var sumCheckpoint = Vector(chain, d, checkpoint + 1);
                for (int j = 0; j < d; j++)
                {
                    momentumCheckpoint[j] = end.Momentum[j];
                    sumCheckpoint[j] = subtreeSum[j];
                }
            }
            else if (TurnsInside(state, rules, chain, d, leaf, end.Momentum, subtreeSum))
            {
                return SubtreeOutcome.Turned;
            }
        }
        return SubtreeOutcome.Complete;
    }

    // Whether any sub-subtree ending at odd leaf i makes a U-turn: the checkpoints from index popcount(i/2) down, one per
    // trailing 1 bit of i, hold the momentum at its first leaf and the momentum sum up to that leaf.
    private readonly bool TurnsInside<TRules>(ChainState state, TRules rules, int chain, int d, int leaf, PointView momentum, PointView subtreeSum)
        where TRules : struct, INutsRules
    {
        int highest = PopCount(leaf >> 1), trailingOnes = 0;
        for (int bits = leaf; (bits & 1) != 0; bits >>= 1)
            trailingOnes++;
        for (int k = highest; k > highest - trailingOnes; k--)
        {
            int checkpoint = FirstCheckpoint + 2 * k;
            if (Turning(state, rules, Vector(chain, d, checkpoint), momentum, subtreeSum, Vector(chain, d, checkpoint + 1), true))
                return true;
        }
        return false;
    }

    // The generalised U-turn test of a trajectory from pFirst to pLast with momentum sum ρ: ρ' = ρ − (pFirst + pLast)/2, turning
    // when M⁻¹pFirst·ρ' ≤ 0 or M⁻¹pLast·ρ' ≤ 0. For a sub-subtree (partial), ρ = sum − sumToFirst + pFirst, where sumToFirst is
    // the subtree's momentum sum up to and including its first leaf.
    private static bool Turning<TRules>(ChainState state, TRules rules, PointView first, PointView last, PointView sum, PointView sumToFirst, bool partial)
        where TRules : struct, INutsRules
    {
        float towardsFirst = 0, towardsLast = 0;
        for (int j = 0; j < state.Dimension; j++)
        {
            float rho = (partial ? sum[j] - sumToFirst[j] + first[j] : sum[j]) - 0.5f * (first[j] + last[j]);
            towardsFirst += state.InverseMass[j] * first[j] * rho;
            towardsLast += state.InverseMass[j] * last[j] * rho;
        }
        return rules.Turned(towardsFirst, towardsLast);
    }

    private readonly PointView Vector(int chain, int d, int vector) =>
        new(Workspace, WorkspaceLayout.At(chain, (long)vector * d), WorkspaceLayout.Block);

    private static float LogAddExp(float a, float b)
    {
        float high = MathF.Max(a, b);
        return high == float.NegativeInfinity ? high : high + MathF.Log(1 + MathF.Exp(-MathF.Abs(a - b)));
    }

    private static int PopCount(int value)
    {
        int count = 0;
        for (; value != 0; value >>= 1)
            count += value & 1;
        return count;
    }

    private enum SubtreeOutcome
    {
        Complete,
        Turned,
        Diverged,
    }

    // The end of the trajectory a subtree grows from, integrated in place.
    private readonly struct TrajectoryEnd(PointView position, PointView momentum, PointView gradient)
    {
        public PointView Position => position;

        public PointView Momentum => momentum;

        public PointView Gradient => gradient;
    }

    // What the whole transition shares: H₀, the signed step's size, 1/T, and the leaves and Σ min(1, exp(H₀ − H)) so far.
    private struct TrajectoryTotals
    {
        public float InitialHamiltonian;
        public float Epsilon;
        public float Beta;
        public int Leaves;
        public float AcceptanceSum;
    }
}
