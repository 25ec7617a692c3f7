using CommunityToolkit.HighPerformance;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Chains;

/// <summary>
/// Every chain's state on the device, kept between calls: positions with their energies and gradients,
/// per-chain step sizes, acceptance and divergence counters, dual-averaging state, the inverse mass
/// matrix, and the global step counter that indexes the random streams. Sampling resumes from it and
/// training reuses it for persistent chains.
/// </summary>
public sealed class ChainPool : IDisposable
{
    private readonly DeviceVector<float> positions;
    private readonly DeviceVector<float> gradients;
    private readonly DeviceVector<float> energies;
    private readonly DeviceVector<float> proposals;
    private readonly DeviceVector<float> proposalGradients;
    private readonly DeviceVector<float> momenta;
    private readonly DeviceVector<float> stepSizes;
    private readonly DeviceVector<int> accepted;
    private readonly DeviceVector<int> divergent;
    private readonly DeviceVector<float> acceptanceSums;
    private readonly DeviceVector<float> adaptation;
    private readonly DeviceVector<float> inverseMass;
    private readonly DeviceVector<float> noDraws;
    private readonly DeviceVector<int> treeStatistics;
    private DeviceVector<float>? treeWorkspace;

    /// <summary>Allocates a pool of <paramref name="chains"/> chains of dimension <paramref name="dimension"/> (positions at 0, ε = 0.1, M = I).</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="chains">C ≥ 1.</param>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="seed">The seed of every chain's random stream.</param>
    /// <param name="firstChain">The run-wide index of chain 0 when the pool holds a block of a sharded run's chains (its streams).</param>
    public ChainPool(AcceleratorSession session, int chains, int dimension, ulong seed, int firstChain = 0)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(firstChain);
        Session = session;
        Chains = chains;
        FirstChain = firstChain;
        Dimension = dimension;
        Seed = seed;
        Layout = LayoutFor(session, dimension);
        DeviceAllocation.RequireRoom(session, (5 * Layout.Length(chains) + 10L * chains + dimension) * sizeof(float),
            $"chain state of {chains:N0} chains of dimension {dimension:N0}");
        positions = new DeviceVector<float>(session, Layout.Length(chains));
        gradients = new DeviceVector<float>(session, Layout.Length(chains));
        energies = new DeviceVector<float>(session, chains);
        proposals = new DeviceVector<float>(session, Layout.Length(chains));
        proposalGradients = new DeviceVector<float>(session, Layout.Length(chains));
        momenta = new DeviceVector<float>(session, Layout.Length(chains));
        stepSizes = new DeviceVector<float>(session, chains);
        accepted = new DeviceVector<int>(session, chains);
        divergent = new DeviceVector<int>(session, chains);
        acceptanceSums = new DeviceVector<float>(session, chains);
        adaptation = new DeviceVector<float>(session, 3L * chains);
        inverseMass = new DeviceVector<float>(session, dimension);
        noDraws = new DeviceVector<float>(session, 1);
        treeStatistics = new DeviceVector<int>(session, 3L * chains);
        positions.Clear();
        gradients.Clear();
        energies.Clear();
        adaptation.Clear();
        SetStepSizes(0.1f);
        SetInverseMass([.. Enumerable.Repeat(1f, dimension)]);
        ResetCounters();
    }

    /// <summary>The session the pool lives on.</summary>
    public AcceleratorSession Session { get; }

    /// <summary>C.</summary>
    public int Chains { get; }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>The seed of the random streams (stream = run-wide chain id, <see cref="FirstChain"/> + c).</summary>
    public ulong Seed { get; }

    /// <summary>The run-wide index of chain 0 (0 unless the pool holds a block of a sharded run).</summary>
    public int FirstChain { get; }

    /// <summary>Steps taken so far: the Philox counter of the next step.</summary>
    public ulong Step { get; set; }

    /// <summary>
    /// The layout of the positions, gradients, proposals and momenta on the device: blocks of 16 chains on CUDA and OpenCL
    /// (adjacent threads touch adjacent floats), row-major on ILGPU's CPU accelerator, whose threads are OS threads that
    /// would otherwise share cache lines (W1 ran at half speed there blocked).
    /// </summary>
    public PointLayout Layout { get; }

    /// <summary>The positions on the device, laid out as <see cref="Layout"/> says: the buffer the kernels use.</summary>
    public DeviceVector<float> PositionBuffer => positions;

    /// <summary>[C] energies at the positions.</summary>
    public DeviceVector<float> Energies => energies;

    /// <summary>[C, d] positions, copied from the device.</summary>
    /// <returns>One row per chain.</returns>
    public float[,] ReadPositions() => ReadRows(positions);

    /// <summary>[C, d] gradients ∇ₓE at the positions, copied from the device.</summary>
    /// <returns>One row per chain.</returns>
    public float[,] ReadGradients() => ReadRows(gradients);

    /// <summary>[C, d] HMC momenta (scratch, resampled at every transition), copied from the device.</summary>
    /// <returns>One row per chain.</returns>
    public float[,] ReadMomenta() => ReadRows(momenta);

    /// <summary>Sets the positions without re-evaluating the energy (restoring a checkpoint); see <see cref="Initialize"/>.</summary>
    /// <param name="rows">[C, d].</param>
    public void WritePositions(ReadOnlySpan2D<float> rows) => WriteRows(positions, rows);

    /// <summary>Sets the gradients at the positions (restoring a checkpoint).</summary>
    /// <param name="rows">[C, d].</param>
    public void WriteGradients(ReadOnlySpan2D<float> rows) => WriteRows(gradients, rows);

    /// <summary>Sets the momenta, to drive the leapfrog integrator directly.</summary>
    /// <param name="rows">[C, d].</param>
    public void WriteMomenta(ReadOnlySpan2D<float> rows) => WriteRows(momenta, rows);

    /// <summary>[C] step sizes.</summary>
    public DeviceVector<float> StepSizes => stepSizes;

    /// <summary>[C] accepted transitions since <see cref="ResetCounters"/>.</summary>
    public DeviceVector<int> Accepted => accepted;

    /// <summary>[C] divergent transitions since <see cref="ResetCounters"/>.</summary>
    public DeviceVector<int> Divergent => divergent;

    /// <summary>[C] sums of acceptance probabilities since <see cref="ResetCounters"/>.</summary>
    public DeviceVector<float> AcceptanceSums => acceptanceSums;

    /// <summary>[C, 3] dual-averaging state (H̄, log ε̄, μ).</summary>
    public DeviceVector<float> Adaptation => adaptation;

    /// <summary>[d] diagonal inverse mass matrix.</summary>
    public DeviceVector<float> InverseMass => inverseMass;

    /// <summary>A one-element buffer passed as the draws view of launches that record nothing.</summary>
    internal DeviceVector<float> NoDraws => noDraws;

    /// <summary>The views the sampler kernels take.</summary>
    public ChainState State => new()
    {
        Dimension = Dimension,
        Layout = Layout,
        Positions = positions.View,
        Gradients = gradients.View,
        Energies = energies.View,
        Proposals = proposals.View,
        ProposalGradients = proposalGradients.View,
        Momenta = momenta.View,
        StepSizes = stepSizes.View,
        Accepted = accepted.View,
        Divergent = divergent.View,
        AcceptanceSums = acceptanceSums.View,
        Adaptation = adaptation.View,
        InverseMass = inverseMass.View,
    };

    /// <summary>Places the chains at <paramref name="points"/> and evaluates E and ∇E there.</summary>
    /// <param name="energy">The energy the chains will sample.</param>
    /// <param name="points">[C, d] starting points.</param>
    public void Initialize(DeviceEnergy energy, ReadOnlySpan2D<float> points)
    {
        WritePositions(points);
        Refresh(energy);
    }

    /// <summary>
    /// Places chain c at mean + scale · z with z from stream s of the pool's seed (step counter 2⁶⁴ − 1, never used by a
    /// step), where s is the first chain of c's group, counted run-wide from FirstChain: s = c without groups, so every chain starts apart, and
    /// s = ⌊c/G⌋·G with groups of G chains (the superchains of nested R̂), so the chains of a group start together.
    /// </summary>
    /// <param name="energy">The energy the chains will sample.</param>
    /// <param name="mean">The centre, d values.</param>
    /// <param name="scale">The spread.</param>
    /// <param name="groupSize">G ≥ 1, dividing the chains.</param>
    public void InitializeNormal(DeviceEnergy energy, ReadOnlySpan<float> mean, float scale, int groupSize = 1)
    {
        if (mean.Length != Dimension)
            throw new ArgumentException($"mean has {mean.Length} values; the chains have dimension {Dimension}", nameof(mean));
        if (groupSize < 1 || Chains % groupSize != 0 || FirstChain % groupSize != 0)
            throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, $"groups of chains must divide the {Chains} chains (from chain {FirstChain})");
        var host = new float[Chains, Dimension];
        for (int c = 0; c < Chains; c++)
        {
            var random = new PhiloxStream(Seed, (uint)((FirstChain + c) / groupSize * groupSize), ulong.MaxValue);
            for (int j = 0; j < Dimension; j++)
                host[c, j] = mean[j] + scale * random.NextNormal();
        }
        Initialize(energy, host);
    }

    /// <summary>Re-evaluates E and ∇E at the current positions (after they were written from outside).</summary>
    /// <param name="energy">The energy.</param>
    public void Refresh(DeviceEnergy energy)
    {
        ArgumentNullException.ThrowIfNull(energy);
        if (energy.Dimension != Dimension)
            throw new ArgumentException($"the energy has dimension {energy.Dimension}; the chains {Dimension}", nameof(energy));
        energy.Apply(new RefreshLaunch(State));
    }

    /// <summary>Sets every chain's step size.</summary>
    /// <param name="stepSize">ε &gt; 0.</param>
    public void SetStepSizes(float stepSize)
    {
        if (!(stepSize > 0) || !float.IsFinite(stepSize))
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "step size must be positive and finite");
        var host = new float[Chains];
        Array.Fill(host, stepSize);
        stepSizes.CopyFrom(host);
    }

    /// <summary>Sets the diagonal of the inverse mass matrix.</summary>
    /// <param name="values">d positive values.</param>
    public void SetInverseMass(ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            if (!(value > 0) || !float.IsFinite(value))
                throw new ArgumentOutOfRangeException(nameof(values), value, "inverse mass entries must be positive and finite");
        }
        inverseMass.CopyFrom(values);
    }

    /// <summary>ChEES-HMC's trajectory length T shared by every chain (adapted in warm-up; NaN until set).</summary>
    public float TrajectoryLength { get; set; } = float.NaN;

    /// <summary>[C, 3] NUTS tree statistics since <see cref="ResetCounters"/>: Σ tree depths, transitions at the maximum depth, Σ leapfrog steps.</summary>
    public DeviceVector<int> TreeStatistics => treeStatistics;

    /// <summary>Per-chain scratch of <paramref name="vectors"/> vectors of d floats (NUTS's trajectory ends, candidates and checkpoints), in the chains' layout; grown on demand, contents undefined.</summary>
    /// <param name="vectors">Vectors per chain, ≥ 1.</param>
    /// <returns>The buffer and its layout.</returns>
    public (ArrayView<float> Values, PointLayout Layout) Scratch(int vectors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vectors, 1);
        var layout = new PointLayout { BlockShift = Layout.BlockShift, Dimension = checked(vectors * Dimension) };
        long length = layout.Length(Chains);
        if (treeWorkspace is null || treeWorkspace.Length < length)
        {
            treeWorkspace?.Dispose();
            treeWorkspace = new DeviceVector<float>(Session, length);
        }
        return (treeWorkspace.View, layout);
    }

    /// <summary>Zeroes the acceptance, divergence and tree counters.</summary>
    public void ResetCounters()
    {
        accepted.Clear();
        divergent.Clear();
        acceptanceSums.Clear();
        treeStatistics.Clear();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var buffer in new IDisposable[] { positions, gradients, energies, proposals, proposalGradients, momenta, stepSizes, accepted, divergent, acceptanceSums, adaptation, inverseMass, noDraws, treeStatistics })
            buffer.Dispose();
        treeWorkspace?.Dispose();
    }

    private float[,] ReadRows(DeviceVector<float> blocks)
    {
        float[] host = blocks.ToArray();
        var rows = new float[Chains, Dimension];
        for (int c = 0; c < Chains; c++)
            for (int j = 0; j < Dimension; j++)
                rows[c, j] = host[Layout.At(c, j)];
        return rows;
    }

    // The padding chains of a last, partial block stay at 0; no kernel runs them.
    private void WriteRows(DeviceVector<float> blocks, ReadOnlySpan2D<float> rows)
    {
        if (rows.Height != Chains || rows.Width != Dimension)
            throw new ArgumentException($"[{rows.Height}, {rows.Width}] rows for a pool of {Chains} chains of dimension {Dimension}", nameof(rows));
        var host = new float[blocks.Length];
        for (int c = 0; c < Chains; c++)
            for (int j = 0; j < Dimension; j++)
                host[Layout.At(c, j)] = rows[c, j];
        blocks.CopyFrom(host);
    }

    private sealed class RefreshLaunch(ChainState state) : IEnergyOperation<bool>
    {
        public bool Run<TEnergy>(DeviceEnergy<TEnergy> energy)
            where TEnergy : struct, IEnergy
        {
            var launch = energy.Session.Kernels.Get<Action<AcceleratorStream, Index1D, TEnergy, ChainState>>(
                (Action<Index1D, TEnergy, ChainState>)ChainDriver.Refresh);
            launch(energy.Session.Accelerator.DefaultStream, (int)state.Energies.Length, energy.Bind((int)state.Energies.Length), state);
            return true;
        }
    }

    private static PointLayout LayoutFor(AcceleratorSession session, int dimension) =>
        session.Device.Kind == AcceleratorKind.Cpu ? PointLayout.RowMajor(dimension) : PointLayout.Blocked(dimension);
}
