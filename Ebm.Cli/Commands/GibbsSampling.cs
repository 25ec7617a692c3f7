using System.Globalization;
using System.Text.Json;
using Ebm.Cli.Plots;
using Ebm.Facade.Diagnostics;
using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Facade.Sampling;
using Ebm.Runtime.Accelerators;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm sample --sampler gibbs</c> on a discrete model: <see cref="GibbsSampler"/> with --chains, --steps (sweeps),
/// --warmup, --thin and --seed; writes the recorded states [draws, chains, units] as float32 NPY (±1 spins, 0/1 visible
/// units) and prints the diagnostics of the model's statistics (energy and magnetisation per site; for an RBM, its free
/// energy, the mean visible unit, and every visible unit's mean).
/// </summary>
internal static class GibbsSampling
{
    public static int Run(CommandConsole console, SampleCommand.Request request, ModelDefinition definition, CancellationToken cancellation)
    {
        var spec = definition.Discrete!;
        if (request.Init is not null)
            throw new ArgumentException("--init is for the continuous samplers; --sampler gibbs starts its chains uniformly at random (or from --resume)");
        if (request.Steps % request.Thin != 0)
            throw new ArgumentException($"--steps {request.Steps} must be a multiple of --thin {request.Thin}");
        var saved = request.Resume is null ? null : GibbsCheckpoint.Read(request.Resume);
        if (saved is not null)
            CheckResume(request, saved, spec);
        var options = new GibbsOptions
        {
            Chains = request.Chains,
            Warmup = saved is null ? request.Warmup : 0,
            Sweeps = request.Steps,
            Thin = request.Thin,
            Seed = saved is null ? request.Seed : GibbsCheckpoint.SeedOf(saved),
        };
        options.Validate();
        using var outputs = SampleCommand.StageOutputs(request, definition);
        using var session = AcceleratorSession.Open(request.Accelerator);
        using var model = DiscreteModel.Create(spec, session);
        using var sampler = new GibbsSampler(model, options);
        var progress = request.Quiet ? null : new ConsoleProgress(console.Error);
        GibbsResult result;
        if (saved is not null)
        {
            GibbsCheckpoint.Restore(sampler.Chains, saved);
            result = sampler.Continue(request.Steps, progress, cancellation);
        }
        else
        {
            sampler.Initialize();
            result = sampler.Run(progress, cancellation);
        }
        NpyFile.Write(outputs.Temporary(0), result.States(), [result.DrawCount, result.Chains, result.Units]);
        int next = 1;
        if (request.Plot is not null && spec is RbmSpec && PlotWriter.ImageSide(result.Units) is int side)
            PlotWriter.FinalDraws(outputs.Temporary(next++), result.States(), result.DrawCount, result.Chains, side, $"gibbs on {spec.Kind}");
        else if (request.Plot is not null)
            PlotWriter.SamplesOverview(outputs.Temporary(next++), StatisticDraws(result, spec), result.DrawCount, result.Chains, spec.Statistics.Count, $"gibbs on {spec.Kind}: {string.Join(", ", spec.Statistics.Select(statistic => statistic.Name))}");
        if (request.Checkpoint is not null)
        {
            SafeTensorsFile.Write(outputs.Temporary(next), GibbsCheckpoint.ToSafeTensors(sampler.Chains, new Dictionary<string, string>
            {
                ["sampler"] = "gibbs",
                ["model"] = spec.Kind,
            }));
        }
        outputs.Commit();
        request = request with { Seed = options.Seed, Warmup = options.Warmup }; // what the summary reports

        double[]? visibleMeans = spec is RbmSpec rbm ? [.. Enumerable.Range(1, rbm.Visible).Select(column => Mean(result, column))] : null;
        if (request.Json)
        {
            console.Output.WriteLine(JsonSerializer.Serialize(new
            {
                accelerator = session.Device.Id,
                device = session.Device.Name,
                model = spec.Kind,
                sampler = request.Sampler,
                chains = result.Chains,
                units = spec.Units,
                draws = result.DrawCount,
                warmup = request.Warmup,
                thin = request.Thin,
                seed = request.Seed,
                statistics = result.Diagnostics.ToDictionary(entry => entry.Key, entry => Describe(entry.Value)),
                visible_means = visibleMeans,
                seconds = result.Seconds,
                chain_sweeps_per_s = result.ChainSweepsPerSecond,
                @out = request.Output,
            }, JsonOutput.Options));
            return 0;
        }
        var output = console.Output;
        output.WriteLine($"gibbs: {result.Chains} chains × {result.DrawCount} draws (warm-up {request.Warmup} sweeps, thin {request.Thin}, seed {request.Seed}) "
            + $"of the {spec.Kind} model ({spec.Units} units, T = {Format(spec.Temperature)}) on {session.Device}");
        var table = new TextTable("statistic", "mean", "sd", "mcse", "rhat", "ess_bulk", "ess_tail");
        foreach (var (name, value) in result.Diagnostics)
        {
            table.Add(name, Format(value.Mean), Format(Math.Sqrt(value.Variance)), Format(value.Mcse),
                Format(value.RHat, "F3"), Format(value.EssBulk, "F0"), Format(value.EssTail, "F0"));
        }
        table.WriteTo(output);
        if (visibleMeans is not null)
            output.WriteLine($"visible means: {string.Join(" ", visibleMeans.Select(value => Format(value, "F3")))}");
        output.WriteLine($"{Format(result.Seconds, "F2")} s, {Format(result.ChainSweepsPerSecond, "G3")} chain-sweeps/s on {session.Device.Id}");
        output.WriteLine($"wrote {request.Output} [{result.DrawCount}, {result.Chains}, {result.Units}] (states)");
        return 0;
    }

    private static object Describe(ScalarDiagnostics value) => new
    {
        mean = value.Mean,
        @var = value.Variance,
        mcse = value.Mcse,
        rhat = value.RHat,
        ess_bulk = value.EssBulk,
        ess_tail = value.EssTail,
    };

    // The checkpoint must hold chains of the same model kind, count and units.
    private static void CheckResume(SampleCommand.Request request, SafeTensors saved, DiscreteSpec spec)
    {
        if (saved.Metadata.TryGetValue("model", out string? kind) && kind != spec.Kind)
            throw new ArgumentException($"--resume: {request.Resume} holds chains of a {kind} model, not {spec.Kind}");
        if (!saved.TryGet("states", out var states) || states.Shape.Count != 2 || states.Shape[0] != request.Chains || states.Shape[1] != spec.Units)
            throw new ArgumentException($"--resume: {request.Resume} does not hold {request.Chains} chains (--chains) of the model's {spec.Units} units");
    }

    // [draws, chains, statistics]: the spec's statistics of every recorded draw, for the overview plot.
    private static float[] StatisticDraws(GibbsResult result, DiscreteSpec spec)
    {
        int width = spec.Statistics.Count;
        var values = new float[(long)result.DrawCount * result.Chains * width];
        for (int n = 0; n < result.DrawCount; n++)
            for (int c = 0; c < result.Chains; c++)
                for (int k = 0; k < width; k++)
                    values[((long)n * result.Chains + c) * width + k] = (float)spec.Statistics[k].Value(result.Record(n, c));
        return values;
    }

    private static double Mean(GibbsResult result, int column)
    {
        double sum = 0;
        for (int n = 0; n < result.DrawCount; n++)
            for (int c = 0; c < result.Chains; c++)
                sum += result.At(n, c, column);
        return sum / ((double)result.DrawCount * result.Chains);
    }

    private static string Format(double value, string format = "G4") => value.ToString(format, CultureInfo.InvariantCulture);
}
