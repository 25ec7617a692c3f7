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
/// --warmup, --thin and --seed; writes the recorded statistics [draws, chains, width] as float32 NPY and prints the
/// diagnostics of the model's statistics (and, for an RBM, every visible unit's mean).
/// </summary>
internal static class GibbsSampling
{
    public static int Run(CommandConsole console, SampleCommand.Request request, DiscreteSpec spec, CancellationToken cancellation)
    {
        if (request.Init is not null || request.Resume is not null || request.Checkpoint is not null)
            throw new ArgumentException("--init, --resume and --checkpoint are for the continuous samplers; --sampler gibbs starts its chains uniformly at random");
        if (request.Steps % request.Thin != 0)
            throw new ArgumentException($"--steps {request.Steps} must be a multiple of --thin {request.Thin}");
        var options = new GibbsOptions
        {
            Chains = request.Chains,
            Warmup = request.Warmup,
            Sweeps = request.Steps,
            Thin = request.Thin,
            Seed = request.Seed,
        };
        options.Validate();
        using var outputs = new StagedOutputs(SampleCommand.Targets(request));
        using var session = AcceleratorSession.Open(request.Accelerator);
        using var model = DiscreteModel.Create(spec, session);
        using var sampler = new GibbsSampler(model, options);
        sampler.Initialize();
        var result = sampler.Run(request.Quiet ? null : new ConsoleProgress(console.Error), cancellation);
        NpyFile.Write(outputs.Temporary(0), result.Draws, [result.DrawCount, result.Chains, result.RecordWidth]);
        if (request.Plot is not null)
            PlotWriter.SamplesOverview(outputs.Temporary(1), result.Draws, result.DrawCount, result.Chains, result.RecordWidth, $"gibbs on {spec.Kind}: recorded statistics");
        outputs.Commit();

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
                width = result.RecordWidth,
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
        output.WriteLine($"wrote {request.Output} [{result.DrawCount}, {result.Chains}, {result.RecordWidth}]");
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
