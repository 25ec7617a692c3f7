using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ebm.Facade.Benchmarks;
using Ebm.Runtime.Accelerators;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm bench [--workload W1|W2|W3|W4|W5|all] [--repeats n] [--accelerator A] [--scale] [--json]</c>: sampler throughput
/// (chain-steps/s, gradient evaluations/s, GFLOP/s where a FLOP count is stated) with fused K-step launches.
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="console">Where to write.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandConsole console)
    {
        var workload = new Option<string>("--workload")
        {
            Description = "W1 (ULA, 2-D mixture), W2 (SGLD, MLP 2-128-128-1), W3 (HMC, 100-D Gaussian), W4 (SGLD, MLP 784-512-512-1), W5 (SGLD, conv energy on 28 × 28 images) or all.",
            HelpName = "W",
            DefaultValueFactory = _ => "all",
        };
        var repeats = CliOptions.Integer("--repeats", "Timed repeats; the median is reported.", 1, 5);
        var chains = new Option<int?>("--chains") { Description = "Override every selected workload's chain count (for quick runs and tests).", HelpName = "N" };
        var steps = new Option<int?>("--steps") { Description = "Override every selected workload's steps per launch (for quick runs and tests).", HelpName = "K" };
        var scale = new Option<bool>("--scale") { Description = "Also sweep W1 over 1,024 … 1,048,576 chains." };
        var accelerator = CliOptions.Accelerator();
        var json = CliOptions.Json();
        var command = new Command("bench", "Sampler throughput of the workloads W1–W5 (compare with benchmarks/peers).")
        {
            workload, repeats, chains, steps, scale, accelerator, json,
        };
        command.SetAction(parsed => console.Guard(() =>
        {
            var workloads = ParseWorkloads(parsed.GetValue(workload)!);
            var options = new BenchmarkOptions { Repeats = parsed.GetValue(repeats), Chains = parsed.GetValue(chains), Steps = parsed.GetValue(steps) };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException error)
            {
                throw new ArgumentException($"--{error.ParamName!.ToLowerInvariant()} must be at least 1", error);
            }
            using var session = AcceleratorSession.Open(parsed.GetValue(accelerator));
            var results = workloads.Select(item => ThroughputBenchmark.Run(session, item, options)).ToList();
            var scaling = parsed.GetValue(scale) ? ThroughputBenchmark.Scale(session, options) : [];
            Write(console, session, results, scaling, parsed.GetValue(json));
            return 0;
        }));
        return command;
    }

    private static IReadOnlyList<BenchmarkWorkload> ParseWorkloads(string text)
    {
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
            return Enum.GetValues<BenchmarkWorkload>();
        return Enum.TryParse<BenchmarkWorkload>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? [parsed]
            : throw new ArgumentException($"--workload must be W1, W2, W3, W4, W5 or all; got '{text}'");
    }

    private static object ToJson(BenchmarkResult result) => new
    {
        workload = result.Workload.ToString(),
        description = result.Description,
        chains = result.Chains,
        steps = result.Steps,
        gradients_per_step = result.GradientsPerStep,
        repeats = result.Seconds.Count,
        seconds = result.Seconds,
        median_seconds = result.MedianSeconds,
        chain_steps_per_second = result.ChainStepsPerSecond,
        gradient_evaluations_per_second = result.GradientEvaluationsPerSecond,
        flop_per_gradient = result.FlopPerGradient,
        gflops = result.GigaflopsPerSecond,
        flop_assumption = result.FlopAssumption,
    };

    private static void Write(CommandConsole console, AcceleratorSession session, IReadOnlyList<BenchmarkResult> results,
        IReadOnlyList<BenchmarkResult> scaling, bool asJson)
    {
        if (asJson)
        {
            console.Output.WriteLine(JsonSerializer.Serialize(new
            {
                engine = "ebm",
                accelerator = session.Device.Id,
                device = session.Device.Name,
                workloads = results.Select(ToJson),
                scaling = scaling.Select(ToJson),
            }, JsonOutput.Options));
            return;
        }
        console.Output.WriteLine($"accelerator {session.Device}");
        var table = new TextTable("workload", "chains", "steps", "median s", "chain-steps/s", "grad evals/s", "GFLOP/s");
        foreach (var result in results.Concat(scaling))
        {
            table.Add(result.Workload.ToString(), result.Chains.ToString(CultureInfo.InvariantCulture), result.Steps.ToString(CultureInfo.InvariantCulture),
                result.MedianSeconds.ToString("F4", CultureInfo.InvariantCulture), result.ChainStepsPerSecond.ToString("G4", CultureInfo.InvariantCulture),
                result.GradientEvaluationsPerSecond.ToString("G4", CultureInfo.InvariantCulture),
                result.GigaflopsPerSecond?.ToString("F2", CultureInfo.InvariantCulture) ?? "-");
        }
        table.WriteTo(console.Output);
        foreach (var result in results.Where(result => result.FlopAssumption is not null))
            console.Output.WriteLine($"{result.Workload} FLOP count: {result.FlopAssumption}");
    }
}
