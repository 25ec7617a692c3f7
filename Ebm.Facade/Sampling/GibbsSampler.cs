using System.Diagnostics;
using CommunityToolkit.HighPerformance;
using Ebm.Facade.Diagnostics;
using Ebm.Facade.Models;
using Ebm.Kernels.Discrete;
using Ebm.Runtime.Discrete;
using Ebm.Runtime.Memory;

namespace Ebm.Facade.Sampling;

/// <summary>
/// Runs C parallel Gibbs chains on a discrete model (Ising: checkerboard heat-bath sweeps; RBM: block Gibbs): warm-up
/// sweeps, then sampling sweeps with records kept on the device, then diagnostics of the model's statistics. The chains
/// persist in <see cref="Chains"/>, so a run can be continued.
/// </summary>
public sealed class GibbsSampler : IDisposable
{
    /// <summary>The largest draws buffer one launch fills, in floats; longer runs are split into launches.</summary>
    public const long MaxDrawsPerLaunch = 1L << 23;

    private readonly DiscreteModel model;

    /// <summary>Creates the chains, placed uniformly at random (see <see cref="Initialize"/>).</summary>
    /// <param name="model">The model to sample (borrowed).</param>
    /// <param name="options">The options, validated here.</param>
    public GibbsSampler(DiscreteModel model, GibbsOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.model = model;
        Options = options;
        Chains = model.Spec.CreateChains(model.Device, options.Chains, options.Seed, options);
    }

    /// <summary>The options.</summary>
    public GibbsOptions Options { get; }

    /// <summary>The chains' device state.</summary>
    public DiscreteChains Chains { get; }

    /// <summary>Places the chains at <paramref name="states"/> ([C, n]), or uniformly at random when null.</summary>
    /// <param name="states">Starting states, or null.</param>
    public void Initialize(float[,]? states = null)
    {
        if (states is null)
        {
            Chains.InitializeRandom();
            return;
        }
        model.Validate(states, "initial states");
        if (states.GetLength(0) != Options.Chains)
            throw new ArgumentException($"initial states hold {states.GetLength(0)} rows; there are {Options.Chains} chains", nameof(states));
        Chains.Initialize(new ReadOnlySpan2D<float>(states));
    }

    /// <summary>Warm-up then <see cref="GibbsOptions.Sweeps"/> sampling sweeps.</summary>
    /// <param name="progress">Receives progress after each launch.</param>
    /// <param name="cancellation">Checked between launches.</param>
    /// <returns>The draws and their diagnostics.</returns>
    public GibbsResult Run(IProgress<SamplingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        for (int done = 0; done < Options.Warmup;)
        {
            cancellation.ThrowIfCancellationRequested();
            int sweeps = Math.Min(Options.SweepsPerLaunch, Options.Warmup - done);
            Chains.Advance(Settings(sweeps, thin: 0), null);
            done += sweeps;
            progress?.Report(new SamplingProgress("warmup", done, Options.Warmup, done * (double)Options.Chains / clock.Elapsed.TotalSeconds));
        }
        return Sample(Options.Sweeps, clock, Options.Warmup, progress, cancellation);
    }

    /// <summary>Continues the chains for <paramref name="sweeps"/> more sweeps.</summary>
    /// <param name="sweeps">Sweeps, a positive multiple of the thinning.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellation">Checked between launches.</param>
    /// <returns>The new draws and their diagnostics.</returns>
    public GibbsResult Continue(int sweeps, IProgress<SamplingProgress>? progress = null, CancellationToken cancellation = default) =>
        Sample(sweeps, Stopwatch.StartNew(), 0, progress, cancellation);

    /// <inheritdoc/>
    public void Dispose() => Chains.Dispose();

    private GibbsSettings Settings(int sweeps, int thin) => new()
    {
        Sweeps = sweeps,
        Thin = thin,
        InverseTemperature = (float)(1 / model.Spec.Temperature),
    };

    private GibbsResult Sample(int sweeps, Stopwatch clock, int warmupSweeps, IProgress<SamplingProgress>? progress, CancellationToken cancellation)
    {
        int thin = Options.Thin;
        if (sweeps < 1 || sweeps % thin != 0)
            throw new ArgumentOutOfRangeException(nameof(sweeps), sweeps, $"sweeps must be a positive multiple of the thinning {thin}");
        int drawCount = sweeps / thin;
        long perDraw = (long)Options.Chains * Chains.RecordWidth;
        int drawsPerLaunch = (int)Math.Clamp(Math.Min(MaxDrawsPerLaunch / perDraw, Options.SweepsPerLaunch / thin), 1, drawCount);
        var host = new float[drawCount * perDraw];
        using var buffer = new DeviceVector<float>(Chains.Session, drawsPerLaunch * perDraw);
        for (int done = 0; done < drawCount;)
        {
            cancellation.ThrowIfCancellationRequested();
            int draws = Math.Min(drawsPerLaunch, drawCount - done);
            Chains.Advance(Settings(draws * thin, thin), buffer);
            buffer.CopyRangeTo(0, host.AsSpan((int)(done * perDraw), (int)(draws * perDraw)));
            done += draws;
            progress?.Report(new SamplingProgress("sampling", done * thin, sweeps, (warmupSweeps + done * thin) * (double)Options.Chains / clock.Elapsed.TotalSeconds));
        }
        double seconds = clock.Elapsed.TotalSeconds;
        var partial = new GibbsResult(host, drawCount, Options.Chains, Chains.RecordWidth, Chains.Units, new Dictionary<string, ScalarDiagnostics>(), seconds,
            (double)(warmupSweeps + sweeps) * Options.Chains / seconds);
        var diagnostics = model.Spec.Statistics.ToDictionary(statistic => statistic.Name, statistic => ConvergenceDiagnostics.Compute(partial.Series(statistic.Value)));
        return partial with { Diagnostics = diagnostics };
    }
}
