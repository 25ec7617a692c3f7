using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Facade.Sampling;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm sample --model SPEC --sampler ula|mala|hmc|rwmh --chains C --steps N [--warmup W] [--step-size h]
/// [--leapfrog L] [--thin k] [--seed s] [--init SPEC] [--accelerator A] --out draws.npy [--json] [--quiet]</c>:
/// runs parallel chains, writes the draws [draws, chains, d] as float32 NPY and prints their diagnostics.
/// </summary>
/// <remarks>
/// <c>--init</c> is <c>normal</c> (N(0, I), the default), <c>normal:σ</c> (N(0, σ²I)) or an NPY file of [C, d]
/// starting points. Progress goes to standard error unless <c>--quiet</c>; the summary (or JSON) to standard output.
/// </remarks>
public static class SampleCommand
{
    private static readonly string[] SamplerNames = ["ula", "mala", "hmc", "rwmh", "gibbs"];

    /// <summary>Builds the command.</summary>
    /// <param name="console">Where to write.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandConsole console)
    {
        var defaults = new SamplerOptions();
        var model = CliOptions.Model();
        var sampler = new Option<string>("--sampler")
        {
            Description = "ula, mala, hmc or rwmh (gibbs is for discrete models).",
            Required = true,
            HelpName = "NAME",
            CustomParser = result =>
            {
                string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value.ToLowerInvariant();
                if (!SamplerNames.Contains(text))
                    result.AddError($"--sampler must be one of {string.Join(", ", SamplerNames)}; got '{(result.Tokens.Count == 0 ? "" : result.Tokens[0].Value)}'");
                return text;
            },
        };
        var chains = CliOptions.Integer("--chains", "Parallel chains C.", 1, null);
        var steps = CliOptions.Integer("--steps", "Sampling steps N after warm-up.", 1, null);
        var warmup = CliOptions.Integer("--warmup", "Warm-up steps W, discarded; the step size (and mass matrix) adapt here.", 0, defaults.Warmup);
        var stepSize = CliOptions.PositiveFloat("--step-size", $"The initial (or, for ULA, fixed) step size (default {defaults.StepSize.ToString(CultureInfo.InvariantCulture)}).");
        var leapfrog = CliOptions.Integer("--leapfrog", "HMC leapfrog steps L.", 1, defaults.Leapfrog);
        var thin = CliOptions.Integer("--thin", "Keep every k-th step as a draw; must divide --steps.", 1, 1);
        var seed = CliOptions.Seed("--seed", "Seed of the chains' random streams.", 0);
        var init = new Option<string?>("--init")
        {
            Description = "Starting points: normal (N(0, I), the default), normal:SIGMA, or an NPY file of [C, d] points.",
            HelpName = "SPEC",
        };
        var accelerator = CliOptions.Accelerator();
        var output = CliOptions.File("--out", "Where to write the draws, [draws, chains, d] float32 (NPY).", required: true);
        var json = CliOptions.Json();
        var quiet = new Option<bool>("--quiet") { Description = "Print no progress on standard error." };
        var command = new Command("sample", "Sample a model with parallel MCMC chains and report convergence diagnostics.")
        {
            model, sampler, chains, steps, warmup, stepSize, leapfrog, thin, seed, init, accelerator, output, json, quiet,
        };
        command.SetAction((parsed, cancellation) => Task.FromResult(console.Guard(() => Run(console, new Request(
            parsed.GetValue(model)!, parsed.GetValue(sampler)!, parsed.GetValue(chains), parsed.GetValue(steps),
            parsed.GetValue(warmup), parsed.GetValue(stepSize) ?? defaults.StepSize, parsed.GetValue(leapfrog),
            parsed.GetValue(thin), parsed.GetValue(seed), parsed.GetValue(init), parsed.GetValue(accelerator),
            parsed.GetValue(output)!, parsed.GetValue(json), parsed.GetValue(quiet)), cancellation))));
        return command;
    }

    private static int Run(CommandConsole console, Request request, CancellationToken cancellation)
    {
        var spec = ModelSpecReader.Read(request.Model);
        if (request.Sampler == "gibbs")
            throw new ArgumentException($"--sampler gibbs needs a discrete model, and the {spec.Kind} model is continuous: use ula, mala, hmc or rwmh");
        if (request.Steps % request.Thin != 0)
            throw new ArgumentException($"--steps {request.Steps} must be a multiple of --thin {request.Thin}");
        int d = spec.Dimension, drawCount = request.Steps / request.Thin;
        long values = (long)drawCount * request.Chains * d;
        if (values > Array.MaxLength)
            throw new ArgumentException($"the draws would hold {values} values ({drawCount} draws × {request.Chains} chains × {d}), more than one array holds; raise --thin or lower --steps or --chains");
        var (initialPoints, initialScale) = ParseInit(request.Init, request.Chains, d);
        var options = new SamplerOptions
        {
            Kind = request.Sampler switch
            {
                "ula" => SamplerKind.Ula,
                "mala" => SamplerKind.Mala,
                "hmc" => SamplerKind.Hmc,
                _ => SamplerKind.Rwmh,
            },
            Chains = request.Chains,
            Warmup = request.Warmup,
            Steps = request.Steps,
            Thin = request.Thin,
            StepSize = request.StepSize,
            Leapfrog = request.Leapfrog,
            Seed = request.Seed,
        };
        options.Validate();
        using var outputs = new StagedOutputs(("--out", request.Output));

        using var session = AcceleratorSession.Open(request.Accelerator);
        using var energyModel = EnergyModel.Create(spec, session);
        using var chainSampler = new ChainSampler(energyModel, options);
        if (initialPoints is not null)
            chainSampler.Initialize(initialPoints);
        else
            chainSampler.Pool.InitializeNormal(energyModel.Device, new float[d], initialScale);
        var result = chainSampler.Run(request.Quiet ? null : new ConsoleProgress(console.Error), cancellation);
        NpyFile.Write(outputs.Temporary(0), result.Draws, [result.DrawCount, result.Chains, d]);
        outputs.Commit();

        if (request.Json)
            WriteJson(console, request, spec, session, result);
        else
            WriteText(console, request, spec, session, result);
        return 0;
    }

    private static (float[,]? Points, float Scale) ParseInit(string? init, int chains, int d)
    {
        if (init is null || init.Equals("normal", StringComparison.OrdinalIgnoreCase))
            return (null, 1);
        if (init.StartsWith("normal:", StringComparison.OrdinalIgnoreCase))
        {
            string text = init["normal:".Length..];
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float scale) || !float.IsFinite(scale) || !(scale > 0))
                throw new ArgumentException($"--init normal:SIGMA needs a positive finite SIGMA; got '{text}'");
            return (null, scale);
        }
        var points = PointsFile.Read(init, "--init", d);
        if (points.GetLength(0) != chains)
            throw new ArgumentException($"--init: {init} holds {points.GetLength(0)} points; there are {chains} chains (--chains)");
        return (points, 1);
    }

    private static void WriteJson(CommandConsole console, Request request, EnergySpec spec, AcceleratorSession session, SampleResult result)
    {
        console.Output.WriteLine(JsonSerializer.Serialize(new
        {
            accelerator = session.Device.Id,
            device = session.Device.Name,
            model = spec.Kind,
            sampler = request.Sampler,
            chains = result.Chains,
            d = result.Dimension,
            draws = result.DrawCount,
            warmup = request.Warmup,
            thin = request.Thin,
            seed = request.Seed,
            per_dimension = result.PerDimension.Select(value => new
            {
                mean = value.Mean,
                @var = value.Variance,
                mcse = value.Mcse,
                rhat = value.RHat,
                ess_bulk = value.EssBulk,
                ess_tail = value.EssTail,
            }),
            acceptance = result.AcceptanceRate,
            divergences = result.Divergences,
            excluded_chains = result.ExcludedChains,
            step_size = result.FinalStepSize,
            seconds = result.Seconds,
            chain_steps_per_s = result.ChainStepsPerSecond,
            gradient_evals_per_s = result.GradientEvaluationsPerSecond,
            @out = request.Output,
        }, JsonOutput.Options));
    }

    private static void WriteText(CommandConsole console, Request request, EnergySpec spec, AcceleratorSession session, SampleResult result)
    {
        var output = console.Output;
        output.WriteLine($"{request.Sampler}: {result.Chains} chains × {result.DrawCount} draws (warm-up {request.Warmup}, thin {request.Thin}, seed {request.Seed}) "
            + $"of the {spec.Kind} model (d = {result.Dimension}) on {session.Device}");
        var table = new TextTable("dim", "mean", "sd", "mcse", "rhat", "ess_bulk", "ess_tail");
        for (int j = 0; j < result.PerDimension.Count; j++)
        {
            var value = result.PerDimension[j];
            table.Add(j.ToString(CultureInfo.InvariantCulture), Format(value.Mean), Format(Math.Sqrt(value.Variance)), Format(value.Mcse),
                Format(value.RHat, "F3"), Format(value.EssBulk, "F0"), Format(value.EssTail, "F0"));
        }
        table.WriteTo(output);
        output.WriteLine($"acceptance {Format(result.AcceptanceRate, "F3")}, divergences {result.Divergences}, excluded chains {result.ExcludedChains} of {result.Chains}, "
            + $"step size {Format(result.FinalStepSize)}");
        output.WriteLine($"{Format(result.Seconds, "F2")} s, {Format(result.ChainStepsPerSecond, "G3")} chain-steps/s, "
            + $"{Format(result.GradientEvaluationsPerSecond, "G3")} gradient evals/s on {session.Device.Id}");
        output.WriteLine($"wrote {request.Output} [{result.DrawCount}, {result.Chains}, {result.Dimension}]");
    }

    private static string Format(double value, string format = "G4") => value.ToString(format, CultureInfo.InvariantCulture);

    private sealed record Request(
        string Model, string Sampler, int Chains, int Steps, int Warmup, float StepSize, int Leapfrog, int Thin, ulong Seed,
        string? Init, string? Accelerator, string Output, bool Json, bool Quiet);
}
