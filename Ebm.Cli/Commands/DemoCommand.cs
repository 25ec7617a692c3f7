using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Ebm.Cli.Plots;
using Ebm.Cli.Training;
using Ebm.Facade.Data;
using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Facade.Partition;
using Ebm.Facade.Sampling;
using Ebm.Facade.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm demo [--data 8gaussians] [--out ./ebm-demo] [--force] [--quick]</c>: the main job. Trains an MLP energy on a
/// 2-D toy set with persistent CD and Langevin negatives, samples it with fresh MALA chains, estimates log Z and the
/// test NLL by quadrature, and writes plots, the model, the samples and the metrics to the output folder.
/// </summary>
/// <remarks>
/// Everything is written into a hidden sibling folder first and moved into place at the end, so the output folder
/// never holds half-written files; an existing folder is replaced only with <c>--force</c>. Ctrl-C stops training
/// between iterations; the model and checkpoint of the last complete iteration are then kept in the output folder.
/// </remarks>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="console">Where to write.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandConsole console)
    {
        var data = new Option<string>("--data") { Description = $"The 2-D toy set: {string.Join(", ", ToyDatasets.Names)}.", HelpName = "NAME", DefaultValueFactory = _ => "8gaussians" };
        var output = new Option<string>("--out") { Description = "The output folder (default ./ebm-demo).", HelpName = "FOLDER", DefaultValueFactory = _ => "ebm-demo" };
        var force = new Option<bool>("--force") { Description = "Replace the output folder if it exists." };
        var quick = new Option<bool>("--quick") { Description = "A small run that finishes in under a minute (a smoke test)." };
        var iterations = new Option<int?>("--iterations") { Description = "Override the number of training iterations.", HelpName = "N" };
        var seed = CliOptions.Seed("--seed", "Seed of everything.", 0);
        var accelerator = CliOptions.Accelerator();
        var json = CliOptions.Json();
        var quiet = new Option<bool>("--quiet") { Description = "Print no progress." };
        var command = new Command("demo", "Train an EBM on a 2-D data set, sample it, and write plots and metrics.")
        {
            data, output, force, quick, iterations, seed, accelerator, json, quiet,
        };
        command.SetAction((parsed, cancellation) => Task.FromResult(console.Guard(() =>
        {
            ulong s = parsed.GetValue(seed);
            var settings = parsed.GetValue(quick) ? DemoSettings.Quick(s) : DemoSettings.Default(s);
            if (parsed.GetValue(iterations) is int count)
                settings = settings with { Iterations = count >= 1 ? count : throw new ArgumentOutOfRangeException("--iterations", count, "--iterations must be at least 1") };
            string name = parsed.GetValue(data)!;
            if (!ToyDatasets.Names.Contains(name))
                throw new ArgumentException($"--data: unknown data set '{name}'; known: {string.Join(", ", ToyDatasets.Names)}");
            return Run(console, name, settings, parsed.GetValue(output)!, parsed.GetValue(force), parsed.GetValue(accelerator),
                parsed.GetValue(json), parsed.GetValue(quiet), cancellation);
        })));
        return command;
    }

    private static int Run(CommandConsole console, string dataName, DemoSettings settings, string outFolder, bool force,
        string? accelerator, bool json, bool quiet, CancellationToken cancellation)
    {
        string target = Path.GetFullPath(outFolder);
        if (File.Exists(target))
            throw new ArgumentException($"--out {outFolder} is a file; give a folder");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !force)
            throw new ArgumentException($"the output folder {outFolder} exists; pass --force to replace it");
        string parent = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(parent))
            throw new DirectoryNotFoundException($"--out: the folder {parent} does not exist");
        string staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(staging);
        try
        {
            int code = Produce(console, dataName, settings, staging, accelerator, json, quiet, cancellation);
            if (Directory.Exists(target))
                Directory.Delete(target, recursive: true);
            Directory.Move(staging, target);
            return code;
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }

    private static int Produce(CommandConsole console, string dataName, DemoSettings settings, string folder, string? accelerator,
        bool json, bool quiet, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var request = new NetworkTrainingRequest(dataName, new MlpArchitecture(settings.Layers, settings.Activation), settings.BaseScale, settings.ScheduledOptions, settings.Iterations,
            settings.EvaluateEvery, TrainCount: 20_000, TestCount: 5_000,
            CheckpointPath: Path.Combine(folder, "checkpoint.safetensors"), ResumePath: null);
        var run = NetworkTrainingRun.Prepare(request);
        using var session = AcceleratorSession.Open(accelerator);
        if (!quiet && !json)
            console.Error.WriteLine($"ebm: demo on {session.Device}: training an MLP {string.Join("-", settings.Layers)} on {dataName} for {settings.Iterations} iterations");
        var log = new TrainingLog(quiet || json ? null : new TrainingConsoleProgress(console.Error, settings.Iterations, !Console.IsErrorRedirected));
        run.Execute(session, log, log, cancellation);
        var trained = (MlpSpec)run.Trained!; // the demo's network is an MLP
        SafeTensorsFile.Write(Path.Combine(folder, "model.safetensors"), trained.ToSafeTensors());
        if (run.Cancelled)
        {
            console.Error.WriteLine("ebm: cancelled; the model and checkpoint of the last complete iteration are kept");
            return 130;
        }

        using var model = EnergyModel.Create(trained, session);
        var samplingClock = Stopwatch.StartNew();
        var samples = FreshSamples(model, run.Train, settings);
        double samplingSeconds = samplingClock.Elapsed.TotalSeconds;
        NpyFile.Write(Path.Combine(folder, "samples.npy"), Flatten(samples), [samples.GetLength(0), 2]);
        var (nll, nllError, logZ) = NetworkTrainingRun.TestNll(model, run.Test);
        double? entropy = DataEntropy.Of(dataName);

        var grid = QuadratureGrid.Around(run.Train, 0.15, 200);
        PlotWriter.DataVersusSamples(Path.Combine(folder, "data_vs_samples.png"), Subset(run.Train, 4000), samples, $"{dataName}: data and model samples");
        PlotWriter.DensityHeatmap(Path.Combine(folder, "energy.png"), grid, GridQuadrature.Densities(model, grid, logZ.LogZ), "learned density exp(-E)/Z");
        PlotWriter.TrainingCurves(Path.Combine(folder, "training.png"), log.ToHistory(), $"PCD training on {dataName}");

        int iterations = settings.Iterations;
        double chainSteps = (double)iterations * settings.Options.BatchSize * settings.Options.SamplerSteps;
        var metrics = new
        {
            data = dataName,
            accelerator = session.Device.ToString(),
            model = $"mlp {string.Join("-", settings.Layers)} silu",
            base_scale = trained.Base?.Scale,
            sampler = $"{settings.Options.Sampler.ToString().ToLowerInvariant()} k={settings.Options.SamplerSteps} step={settings.Options.StepSize}",
            iterations,
            test_nll = nll,
            test_nll_standard_error = nllError,
            data_entropy = entropy,
            nll_minus_entropy = entropy is double h ? nll - h : (double?)null,
            log_z = logZ.LogZ,
            log_z_error = logZ.StandardError,
            log_z_method = logZ.Method,
            training_seconds = run.TrainingSeconds,
            iterations_per_s = iterations / run.TrainingSeconds,
            training_chain_steps_per_s = chainSteps / run.TrainingSeconds,
            sampling_seconds = samplingSeconds,
            seconds = clock.Elapsed.TotalSeconds,
        };
        string metricsJson = JsonSerializer.Serialize(metrics, JsonOutput.Options);
        AtomicFile.Write(Path.Combine(folder, "metrics.json"), stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(metricsJson);
        });
        if (json)
        {
            console.Output.WriteLine(metricsJson);
            return 0;
        }
        var table = new TextTable("metric", "value");
        table.Add("accelerator", session.Device.ToString());
        table.Add("test NLL (nats)", $"{nll:F4} ± {nllError:F4}");
        table.Add("data entropy (nats)", entropy is double value ? $"{value:F4}" : "n/a");
        table.Add("log Z (quadrature)", $"{logZ.LogZ:F4} ± {logZ.StandardError:G2}");
        table.Add("training", $"{iterations} it in {run.TrainingSeconds:F1} s ({iterations / run.TrainingSeconds:F2} it/s, {chainSteps / run.TrainingSeconds:G3} chain-steps/s)");
        table.Add("total time", $"{clock.Elapsed.TotalSeconds:F1} s");
        table.WriteTo(console.Output);
        return 0;
    }

    private static float[,] FreshSamples(EnergyModel model, float[,] data, DemoSettings settings)
    {
        var options = new SamplerOptions
        {
            Kind = SamplerKind.Mala,
            Chains = settings.SampleChains,
            Warmup = settings.SampleWarmup,
            Steps = settings.SampleSteps,
            Thin = settings.SampleSteps,
            StepSize = 0.05f,
            Seed = settings.Options.Seed + 77,
        };
        using var sampler = new ChainSampler(model, options);
        sampler.Initialize(UniformInBox(data, settings.SampleChains, settings.Options.Seed));
        var result = sampler.Run();
        var samples = new float[settings.SampleChains, 2];
        for (int c = 0; c < settings.SampleChains; c++)
            for (int j = 0; j < 2; j++)
                samples[c, j] = result.At(result.DrawCount - 1, c, j);
        return samples;
    }

    private static float[,] UniformInBox(float[,] data, int count, ulong seed)
    {
        var (lower, upper) = BoundingBox.Of(data, 0.1);
        var random = new Random((int)(seed % int.MaxValue));
        var points = new float[count, 2];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < 2; j++)
                points[i, j] = (float)(lower[j] + random.NextDouble() * (upper[j] - lower[j]));
        return points;
    }

    private static float[,] Subset(float[,] points, int count)
    {
        int n = Math.Min(count, points.GetLength(0));
        var subset = new float[n, points.GetLength(1)];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < points.GetLength(1); j++)
                subset[i, j] = points[i, j];
        return subset;
    }

    private static float[] Flatten(float[,] points) => [.. points.Cast<float>()];
}
