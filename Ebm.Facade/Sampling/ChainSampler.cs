using System.Diagnostics;
using CommunityToolkit.HighPerformance;
using Ebm.Facade.Diagnostics;
using Ebm.Facade.Distributed;
using Ebm.Facade.Models;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Memory;

namespace Ebm.Facade.Sampling;

/// <summary>
/// Runs many parallel chains of one sampler on an energy model: warm-up with adaptation, then sampling with
/// draws recorded on the device. The chains persist in <see cref="Pool"/>, so a run can be continued.
/// </summary>
public sealed class ChainSampler : IDisposable
{
    /// <summary>The largest draws buffer one launch fills, in floats; longer runs are split into launches.</summary>
    public const long MaxDrawsPerLaunch = 1L << 23;

    private readonly EnergyModel model;

    /// <summary>Creates the chains (not yet placed; see <see cref="Initialize"/>).</summary>
    /// <param name="model">The energy to sample (borrowed).</param>
    /// <param name="options">The options, validated here; <see cref="SamplerOptions.Chains"/> counts the whole run's chains.</param>
    /// <param name="group">
    /// The processes sharing the run (an <see cref="MpiWorld"/>), or null for one process. Each holds its block of
    /// the chains (<see cref="Shard"/>); warm-up's cross-chain adaptation and the results use every member's chains in
    /// order, so every member returns the draws and diagnostics of the unsharded run, bit for bit.
    /// </param>
    public ChainSampler(EnergyModel model, SamplerOptions options, IChainGroup? group = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.model = model;
        Options = options;
        Shard = new ChainShard(group ?? SingleProcess.Instance, options.Chains, options.ChainsPerSuperchain);
        if (Shard.Group.Size > 1 && options.Kind == SamplerKind.Chees)
            throw new ArgumentException("ChEES-HMC tunes its trajectory length from a device reduction over all chains, which is not sharded; a sharded run takes ula, mala, hmc, nuts or rwmh", nameof(options));
        Pool = new ChainPool(model.Device.Session, Shard.Count, model.Dimension, options.Seed, Shard.First);
        Pool.SetStepSizes(options.StepSize);
        if (options.Kind == SamplerKind.Chees)
            Pool.TrajectoryLength = options.Leapfrog * options.StepSize; // warm-up tunes it from there

    }

    /// <summary>The options.</summary>
    public SamplerOptions Options { get; }

    /// <summary>This process's chains' device state (all chains unless the run is sharded).</summary>
    public ChainPool Pool { get; }

    /// <summary>Which of the run's chains this process holds.</summary>
    public ChainShard Shard { get; }

    /// <summary>
    /// Places the chains at <paramref name="points"/>, or at N(0, scale² I) draws when null: one row or draw per chain, or,
    /// with superchains, one per superchain, shared by its chains.
    /// </summary>
    /// <param name="points">Starting points ([C, d], or [K, d] with K superchains), or null.</param>
    /// <param name="scale">The spread of the normal draws.</param>
    public void Initialize(float[,]? points = null, float scale = 1)
    {
        int perStart = Options.ChainsPerSuperchain;
        if (points is null)
        {
            Pool.InitializeNormal(model.Device, new float[model.Dimension], scale, perStart);
            return;
        }
        PointBatch.Validate(points, model.Dimension, "initial points");
        int starts = Options.Chains / perStart, d = model.Dimension;
        if (points.GetLength(0) != starts)
        {
            string what = Options.Superchains is null ? "chains" : "superchains";
            throw new ArgumentException($"initial points hold {points.GetLength(0)} rows; there are {starts} {what}", nameof(points));
        }
        var perChain = new float[Pool.Chains, d];
        for (int c = 0; c < Pool.Chains; c++)
            for (int j = 0; j < d; j++)
                perChain[c, j] = points[(Shard.First + c) / perStart, j];
        Pool.Initialize(model.Device, new ReadOnlySpan2D<float>(perChain));
    }

    /// <summary>Warm-up (if any) then <see cref="SamplerOptions.Steps"/> sampling steps.</summary>
    /// <param name="progress">Receives progress after each launch.</param>
    /// <param name="cancellation">Checked between launches.</param>
    /// <returns>The draws and their diagnostics.</returns>
    public SampleResult Run(IProgress<SamplingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        new WarmupAdapter(model, Pool, Options, Shard).Run(progress, cancellation);
        return Sample(Options.Steps, clock, Options.Warmup, progress, cancellation);
    }

    /// <summary>Continues the chains for <paramref name="steps"/> more steps with the adapted settings.</summary>
    /// <param name="steps">Steps, a multiple of the thinning.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellation">Checked between launches.</param>
    /// <returns>The new draws and their diagnostics.</returns>
    public SampleResult Continue(int steps, IProgress<SamplingProgress>? progress = null, CancellationToken cancellation = default) =>
        Sample(steps, Stopwatch.StartNew(), 0, progress, cancellation);

    /// <inheritdoc/>
    public void Dispose() => Pool.Dispose();

    private SampleResult Sample(int steps, Stopwatch clock, int warmupSteps, IProgress<SamplingProgress>? progress, CancellationToken cancellation)
    {
        int thin = Options.Thin, chains = Options.Chains, d = model.Dimension;
        if (steps % thin != 0)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"steps must be a multiple of the thinning {thin}");
        int drawCount = steps / thin;
        long perDraw = (long)Pool.Chains * d;
        int drawsPerLaunch = (int)Math.Clamp(MaxDrawsPerLaunch / perDraw, 1, drawCount);
        var host = new float[drawCount * perDraw];
        Pool.ResetCounters();
        ulong firstStep = Pool.Step;
        using var buffer = new DeviceVector<float>(Pool.Session, drawsPerLaunch * perDraw);
        var settings = LaunchSettings.For(Options, model.Temperature);
        settings.Thin = thin;
        for (int done = 0; done < drawCount;)
        {
            cancellation.ThrowIfCancellationRequested();
            int draws = Math.Min(drawsPerLaunch, drawCount - done);
            settings.Steps = draws * thin;
            ChainAdvance.Run(model.Device, Pool, LaunchSettings.TransitionOf(Options), settings, buffer);
            buffer.CopyRangeTo(0, host.AsSpan((int)(done * perDraw), (int)(draws * perDraw)));
            done += draws;
            progress?.Report(new SamplingProgress("sampling", done * thin, steps, (warmupSteps + done * thin) * (double)chains / clock.Elapsed.TotalSeconds));
        }
        double seconds = clock.Elapsed.TotalSeconds;
        return Summarize(Shard.Gather(host, drawCount), drawCount, steps, warmupSteps, seconds, firstStep);
    }

    // ChEES-HMC's leapfrog steps per transition over pool steps first … first + steps − 1 (the same in every chain).
    private double CheesGradientsPerStep(ulong first, int steps)
    {
        float epsilon = Pool.StepSizes.ToArray()[0];
        double total = 0;
        for (int k = 0; k < steps; k++)
            total += HmcTransition.SharedSteps(Pool.TrajectoryLength, epsilon, first + (ulong)k, TransitionChoice.CheesMaxLeapfrog);
        return total / steps;
    }

    private SampleResult Summarize(float[] draws, int drawCount, int steps, int warmupSteps, double seconds, ulong firstStep)
    {
        int chains = Options.Chains, d = model.Dimension;
        int[] accepted = Shard.Gather(Pool.Accepted.ToArray());
        int[] divergent = Shard.Gather(Pool.Divergent.ToArray());
        float[] stepSizes = Shard.Gather(Pool.StepSizes.ToArray());
        float[] energies = Shard.Gather(Pool.Energies.ToArray());
        var finite = Enumerable.Range(0, chains).Where(chain => float.IsFinite(energies[chain]) && ChainIsFinite(draws, drawCount, chain)).ToArray();
        var perDimension = new List<ScalarDiagnostics>();
        for (int j = 0; j < d; j++)
        {
            var values = new double[finite.Length, drawCount];
            for (int c = 0; c < finite.Length; c++)
                for (int n = 0; n < drawCount; n++)
                    values[c, n] = draws[((long)n * chains + finite[c]) * d + j];
            var diagnostics = finite.Length > 0 ? ConvergenceDiagnostics.Compute(values) : new ScalarDiagnostics(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
            perDimension.Add(Options.Superchains is int superchains
                ? diagnostics with { NestedRHat = finite.Length == chains ? NestedRHat.Compute(values, superchains) : double.NaN }
                : diagnostics);
        }
        var trees = Options.Kind == SamplerKind.Nuts ? TreeSummary.Of(Shard.Gather(Pool.TreeStatistics.ToArray()), steps) : null;
        double acceptance = Options.Kind switch
        {
            SamplerKind.Ula => 1,
            SamplerKind.Nuts => Shard.Gather(Pool.AcceptanceSums.ToArray()).Sum(value => (double)value) / ((double)chains * steps),
            _ => accepted.Sum(value => (double)value) / ((double)chains * steps),
        };
        double chainSteps = (double)(steps + warmupSteps) * chains;
        double gradientsPerStep = trees?.GradientsPerTransition
            ?? (Options.Kind == SamplerKind.Chees ? CheesGradientsPerStep(firstStep, steps) : Options.GradientsPerStep);
        return new SampleResult(draws, drawCount, chains, d, perDimension, acceptance, divergent.Sum(value => (long)value),
            chains - finite.Length, seconds, chainSteps / seconds, chainSteps * gradientsPerStep / seconds, stepSizes.Average())
        {
            Trees = trees,
            TrajectoryLength = Options.Kind == SamplerKind.Chees ? Pool.TrajectoryLength : double.NaN,
            GradientsPerTransition = gradientsPerStep,
        };
    }

    private bool ChainIsFinite(float[] draws, int drawCount, int chain)
    {
        int d = model.Dimension;
        for (int n = 0; n < drawCount; n++)
        {
            long offset = ((long)n * Options.Chains + chain) * d;
            for (int j = 0; j < d; j++)
            {
                if (!float.IsFinite(draws[offset + j]))
                    return false;
            }
        }
        return true;
    }
}
