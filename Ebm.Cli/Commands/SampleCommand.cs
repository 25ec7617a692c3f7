using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ebm.Cli.Plots;
using Ebm.Facade.Diagnostics;
using Ebm.Facade.Distributed;
using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Facade.Sampling;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm sample --model SPEC --sampler ula|mala|hmc|rwmh --chains C --steps N [--warmup W] [--step-size h]
/// [--leapfrog L] [--thin k] [--seed s] [--init SPEC] [--accelerator A] --out draws.npy [--plot FILE.png]
/// [--checkpoint CKPT] [--resume CKPT] [--json] [--quiet]</c>: runs parallel chains, writes the draws [draws, chains, d]
/// as float32 NPY and prints their diagnostics.
/// </summary>
/// <remarks>
/// <para><c>--init</c> is <c>normal</c> (N(0, I), the default), <c>normal:σ</c> (N(0, σ²I)) or an NPY file of [C, d]
/// starting points. Progress goes to standard error unless <c>--quiet</c>; the summary (or JSON) to standard output.</para>
/// <para><c>--plot</c> draws an overview of the draws (d = 2: scatter and traces; d &gt; 2: pairwise marginals and traces).
/// <c>--checkpoint</c> saves the chains' state after the run (see <see cref="ChainCheckpoint"/>); <c>--resume</c> starts
/// from such a file instead of initialising and warming up: the same sampler, chain count and dimension, the seed and
/// adapted step sizes and mass matrix of the checkpoint, so that a run split in two draws what the whole run draws.</para>
/// <para>Discrete models (<c>ising</c>, <c>rbm</c>) take <c>--sampler gibbs</c>: <c>--steps</c> and <c>--warmup</c> count
/// sweeps, the summary diagnoses the model's statistics (Ising: energy per site and magnetisation; RBM: free energy and
/// visible mean), and the NPY file holds the recorded statistics [draws, chains, width] (Ising: E/N, M/N; RBM: F(v), v).</para>
/// </remarks>
public static class SampleCommand
{
    private static readonly string[] SamplerNames = ["ula", "mala", "hmc", "nuts", "chees", "rwmh", "gibbs"];

    /// <summary>Builds the command.</summary>
    /// <param name="console">Where to write.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandConsole console)
    {
        var defaults = new SamplerOptions();
        var model = CliOptions.Model();
        var sampler = new Option<string>("--sampler")
        {
            Description = "ula, mala, hmc, nuts, chees (ChEES-HMC) or rwmh for continuous models; gibbs for discrete ones (ising, rbm).",
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
        var superchains = new Option<int?>("--superchains")
        {
            Description = "K superchains for nested R̂: chains k·M … k·M + M − 1 (M = C/K) start from one point drawn as --init says (an --init file then holds K rows).",
            HelpName = "K",
        };
        var maxDepth = CliOptions.Integer("--max-depth", $"NUTS's maximum tree depth (at most 2^depth − 1 leapfrog steps per draw; up to {NutsTransition.DeepestTree}).", 1, defaults.MaxTreeDepth);
        var thin = CliOptions.Integer("--thin", "Keep every k-th step as a draw; must divide --steps.", 1, 1);
        var seed = CliOptions.Seed("--seed", "Seed of the chains' random streams.", 0);
        var init = new Option<string?>("--init")
        {
            Description = "Starting points: normal (N(0, I), the default), normal:SIGMA, or an NPY file of [C, d] points.",
            HelpName = "SPEC",
        };
        var accelerator = CliOptions.Accelerator();
        accelerator.Description += " A comma-separated list (cuda:0,cuda:1, cpu:0,opencl:0) or KIND:all shares the chains over those devices, the draws those of one device.";
        var output = CliOptions.File("--out", "Where to write the draws, [draws, chains, d] float32 (NPY).", required: true);
        var plot = CliOptions.File("--plot", "Also draw an overview of the draws to this PNG; for an image model (d = n², n ≥ 8: an RBM or network on 28 × 28 images) the last draw of the first 64 chains as images.", required: false);
        var checkpoint = CliOptions.File("--checkpoint", "Save the chains' state here after the run (safetensors), to --resume later.", required: false, helpName: "CKPT");
        var resume = CliOptions.File("--resume", "Continue the chains saved by --checkpoint (same model, sampler and chains): no initialisation, no warm-up; a --seed must be the checkpoint's; --warmup, --step-size and --superchains do not apply. --steps, --thin and the outputs may change.", required: false, helpName: "CKPT");
        var json = CliOptions.Json();
        var quiet = new Option<bool>("--quiet") { Description = "Print no progress on standard error." };
        var distributed = MemberRuns.DistributedOption("rank r runs a contiguous block of "
            + "chains with the same per-chain streams, so the draws are those of one process; rank 0 writes --out, --plot and the summary, every rank its own "
            + "checkpoint CKPT.partR-of-N.safetensors (--resume CKPT reads them back with the same N). An --accelerator list (cuda:0,cuda:1, cuda:all) "
            + "shards the chains over those devices in one process the same way.");
        var command = new Command("sample", "Sample a model with parallel MCMC chains and report convergence diagnostics.")
        {
            model, sampler, chains, steps, warmup, stepSize, leapfrog, maxDepth, thin, seed, init, superchains, accelerator, output, plot, checkpoint, resume, json, quiet, distributed,
        };
        command.SetAction((parsed, cancellation) =>
        {
            // A resumed run continues the checkpoint's streams, adapted step sizes and mass matrix: say so when options that would change them are given.
            var unused = parsed.GetValue(resume) is null ? [] : new Option[] { warmup, stepSize, superchains }.Where(option => parsed.GetResult(option) is { Implicit: false }).Select(option => option.Name).ToArray();
            if (unused.Length > 0)
                console.Error.WriteLine($"ebm: note: {string.Join(" and ", unused)} {(unused.Length == 1 ? "does" : "do")} not apply to a resumed run; it continues the checkpoint's step sizes and mass matrix, without warm-up");
            var request = new Request(
                parsed.GetValue(model)!, parsed.GetValue(sampler)!, parsed.GetValue(chains), parsed.GetValue(steps),
                parsed.GetValue(warmup), parsed.GetValue(stepSize) ?? defaults.StepSize, parsed.GetValue(leapfrog), parsed.GetValue(maxDepth),
                parsed.GetValue(thin), parsed.GetValue(seed), parsed.GetValue(init), parsed.GetValue(superchains), parsed.GetValue(accelerator),
                parsed.GetValue(output)!, parsed.GetValue(plot), parsed.GetValue(checkpoint), parsed.GetValue(resume),
                parsed.GetValue(json), parsed.GetValue(quiet)) { SeedGiven = parsed.GetResult(seed) is { Implicit: false } };
            return Task.FromResult(MemberRuns.Run(console, parsed.GetValue(distributed), request.Accelerator, (memberConsole, device, group) =>
                Run(memberConsole, (group is null ? request : PartRequest(request, group)) with { Accelerator = device }, cancellation)));
        });
        return command;
    }

    private static int Run(CommandConsole console, Request request, CancellationToken cancellation)
    {
        var definition = ModelFiles.LoadAny(request.Model);
        if (definition.Discrete is { } discrete)
        {
            if (request.Sampler != "gibbs")
                throw new ArgumentException($"the {discrete.Kind} model is discrete (binary units): use --sampler gibbs; {request.Sampler} needs a continuous energy");
            if (request.Superchains is not null)
                throw new ArgumentException("--superchains applies to the continuous samplers; Gibbs chains of a discrete model start on their own");
            if (request.Group is { Size: > 1 })
                throw new ArgumentException("--distributed and accelerator lists shard the continuous samplers' chains; run --sampler gibbs in one process on one accelerator");
            return GibbsSampling.Run(console, request, definition, cancellation);
        }
        var spec = definition.Continuous!;
        if (request.Sampler == "gibbs")
            throw new ArgumentException($"--sampler gibbs needs a discrete model, and the {spec.Kind} model is continuous: use ula, mala, hmc, nuts, chees or rwmh");
        if (request.Steps % request.Thin != 0)
            throw new ArgumentException($"--steps {request.Steps} must be a multiple of --thin {request.Thin}");
        if (request.Leapfrog > SamplerOptions.MaxLeapfrog)
            throw new ArgumentException($"--leapfrog must be at most {SamplerOptions.MaxLeapfrog:N0}; got {request.Leapfrog}");
        if (request.MaxDepth > NutsTransition.DeepestTree)
            throw new ArgumentException($"--max-depth must be at most {NutsTransition.DeepestTree}; got {request.MaxDepth}");
        int d = spec.Dimension, drawCount = request.Steps / request.Thin;
        long values = (long)drawCount * request.Chains * d;
        if (values > Array.MaxLength)
            throw new ArgumentException($"the draws would hold {values} values ({drawCount} draws × {request.Chains} chains × {d}), more than one array holds; raise --thin or lower --steps or --chains");
        var group = request.Group ?? SingleProcess.Instance;
        if (request.Resume is not null && group.Size > 1 && !File.Exists(request.Resume))
            throw new FileNotFoundException($"--resume: part {group.Rank} of {group.Size} reads {request.Resume}, which does not exist (a sharded run resumes from the per-part checkpoints of a run with as many ranks or devices)");
        var saved = request.Resume is null ? null : ChainCheckpoint.Read(request.Resume);
        if (saved is not null && request.Init is not null)
            throw new ArgumentException("--init and --resume exclude each other: a resumed run starts where the checkpoint left the chains");
        if (request.Superchains is int k && (k < 2 || request.Chains % k != 0))
            throw new ArgumentException($"--superchains must be at least 2 and divide --chains {request.Chains}; got {k}");
        var (initialPoints, initialScale) = saved is null ? ParseInit(request.Init, request.Superchains ?? request.Chains, d, request.Superchains is null ? "--chains" : "--superchains") : (null, 1);
        var options = new SamplerOptions
        {
            Kind = request.Sampler switch
            {
                "ula" => SamplerKind.Ula,
                "mala" => SamplerKind.Mala,
                "hmc" => SamplerKind.Hmc,
                "nuts" => SamplerKind.Nuts,
                "chees" => SamplerKind.Chees,
                _ => SamplerKind.Rwmh,
            },
            Chains = request.Chains,
            Warmup = request.Warmup,
            Steps = request.Steps,
            Thin = request.Thin,
            StepSize = request.StepSize,
            Leapfrog = request.Leapfrog,
            MaxTreeDepth = request.MaxDepth,
            Superchains = request.Superchains,
            Seed = request.Seed,
        };
        if (saved is not null)
        {
            options = options with { Seed = CheckResume(request, saved, spec, new ChainShard(group, request.Chains, options.ChainsPerSuperchain).Count), Warmup = 0 };
            request = request with { Seed = options.Seed, Warmup = 0 }; // what the summary reports
        }
        options.Validate();
        using var outputs = StageOutputs(request, definition);

        using var session = AcceleratorSession.Open(request.Accelerator);
        using var energyModel = EnergyModel.Create(spec, session);
        using var chainSampler = new ChainSampler(energyModel, options, group);
        bool root = chainSampler.Shard.IsRoot;
        var progress = request.Quiet || !root ? null : new ConsoleProgress(console.Error);
        SampleResult result;
        if (saved is not null)
        {
            ChainCheckpoint.Restore(chainSampler.Pool, saved);
            result = chainSampler.Continue(request.Steps, progress, cancellation);
        }
        else
        {
            chainSampler.Initialize(initialPoints, initialScale);
            result = chainSampler.Run(progress, cancellation);
        }
        int next = 0;
        if (root)
            NpyFile.Write(outputs.Temporary(next++), result.Draws, [result.DrawCount, result.Chains, d]);
        if (root && request.Plot is not null && PlotWriter.ImageSide(d) is int side)
            PlotWriter.FinalDraws(outputs.Temporary(next++), result.Draws, result.DrawCount, result.Chains, side, $"{request.Sampler} on {spec.Kind}");
        else if (root && request.Plot is not null)
            PlotWriter.SamplesOverview(outputs.Temporary(next++), result.Draws, result.DrawCount, result.Chains, d, $"{request.Sampler} on {spec.Kind}");
        if (request.Checkpoint is not null)
        {
            SafeTensorsFile.Write(outputs.Temporary(next), ChainCheckpoint.ToSafeTensors(chainSampler.Pool, new Dictionary<string, string>
            {
                ["sampler"] = request.Sampler,
                ["model"] = spec.Kind,
                ["model_fingerprint"] = ModelFingerprint.Of(spec),
            }));
        }
        outputs.Commit();

        if (request.Json)
            WriteJson(console, request, spec, session, result);
        else
            WriteText(console, request, spec, session, result);
        return 0;
    }

    /// <summary>
    /// The request's outputs, checked against what it reads (the model, an --init file, and the --resume checkpoint, which
    /// only --checkpoint may replace: continuing chains in place is allowed, the new file replacing the old one atomically).
    /// </summary>
    internal static StagedOutputs StageOutputs(Request request, ModelDefinition model)
    {
        var targets = Targets(request);
        if (request.Resume is not null)
            OutputPaths.Check([("--resume", request.Resume)], [.. targets.Where(target => target.Option != "--checkpoint")]);
        (string, string)[] init = request.Init is { } path && File.Exists(path) ? [("--init", path)] : [];
        return new StagedOutputs([.. OutputPaths.ModelInputs(request.Model, model), .. init], targets);
    }

    // Member r of N (an MPI rank or one of several devices): its own checkpoint files, CKPT.partR-of-N.safetensors.
    private static Request PartRequest(Request request, IChainGroup group)
    {
        string? PartFile(string? path) => path is null || group.Size == 1
            ? path
            : Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}.part{group.Rank}-of-{group.Size}{Path.GetExtension(path)}");
        return request with { Checkpoint = PartFile(request.Checkpoint), Resume = PartFile(request.Resume), Group = group };
    }

    /// <summary>The output files of a request, in the order --out, --plot, --checkpoint (those given; a rank other than 0 writes only its checkpoint).</summary>
    internal static (string Option, string Path)[] Targets(Request request) =>
    [
        .. request.Group is { Rank: > 0 } ? Array.Empty<(string, string)>() : [("--out", request.Output)],
        .. request.Plot is null || request.Group is { Rank: > 0 } ? Array.Empty<(string, string)>() : [("--plot", request.Plot)],
        .. request.Checkpoint is null ? Array.Empty<(string, string)>() : [("--checkpoint", request.Checkpoint)],
    ];

    // The checkpoint must come from the same sampler, model kind, chain count and dimension; returns its seed.
    private static ulong CheckResume(Request request, SafeTensors saved, EnergySpec spec, int localChains)
    {
        var (seed, chains, dimension) = ChainCheckpoint.Describe(saved);
        if (saved.Metadata.TryGetValue("sampler", out string? sampler) && sampler != request.Sampler)
            throw new ArgumentException($"--resume: {request.Resume} was written by --sampler {sampler}, not {request.Sampler}");
        if (saved.Metadata.TryGetValue("model", out string? kind) && kind != spec.Kind)
            throw new ArgumentException($"--resume: {request.Resume} holds chains of a {kind} model, not {spec.Kind}");
        if (chains != localChains || dimension != spec.Dimension)
            throw new ArgumentException($"--resume: {request.Resume} holds {chains} chains of dimension {dimension}; this run has --chains {request.Chains} and d = {spec.Dimension}");
        if (request.SeedGiven && seed != request.Seed)
            throw new ArgumentException($"--seed {request.Seed} differs from the seed {seed} of {request.Resume}: a resumed run continues the checkpoint's random streams");
        if (saved.Metadata.TryGetValue("model_fingerprint", out string? fingerprint) && fingerprint != ModelFingerprint.Of(spec))
            throw new ArgumentException($"--resume: {request.Resume} was written for another {spec.Kind} model: the energies of --model {request.Model} differ from the checkpoint's");
        return seed;
    }

    // The starting points: one per chain, or one per superchain (starts and the option that sets their number).
    private static (float[,]? Points, float Scale) ParseInit(string? init, int starts, int d, string startsOption)
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
        if (points.GetLength(0) != starts)
            throw new ArgumentException($"--init: {init} holds {points.GetLength(0)} points; there are {starts} {startsOption.TrimStart('-')} ({startsOption})");
        return (points, 1);
    }

    private static void WriteJson(CommandConsole console, Request request, EnergySpec spec, AcceleratorSession session, SampleResult result)
    {
        console.Output.WriteLine(JsonSerializer.Serialize(new
        {
            accelerator = session.Device.Id,
            device = session.Device.Name,
            parts = request.Group?.Size ?? 1,
            model = spec.Kind,
            sampler = request.Sampler,
            chains = result.Chains,
            d = result.Dimension,
            draws = result.DrawCount,
            warmup = request.Warmup,
            thin = request.Thin,
            seed = request.Seed,
            superchains = request.Superchains,
            per_dimension = result.PerDimension.Select(value => PerDimensionJson(value, request.Superchains is not null)),
            acceptance = result.AcceptanceRate,
            divergences = result.Divergences,
            excluded_chains = result.ExcludedChains,
            step_size = result.FinalStepSize,
            seconds = result.Seconds,
            chain_steps_per_s = result.ChainStepsPerSecond,
            gradient_evals_per_s = result.GradientEvaluationsPerSecond,
            tree = result.Trees is { } trees ? new
            {
                max_depth = request.MaxDepth,
                mean_depth = trees.MeanDepth,
                max_depth_share = trees.MaxDepthShare,
                gradients_per_draw = trees.GradientsPerTransition,
            } : null,
            trajectory_length = double.IsNaN(result.TrajectoryLength) ? (double?)null : result.TrajectoryLength,
            gradients_per_transition = result.GradientsPerTransition,
            @out = request.Output,
        }, JsonOutput.Options));
    }

    // A coordinate's summary; nested_rhat only when the chains form superchains.
    private static Dictionary<string, double> PerDimensionJson(ScalarDiagnostics value, bool nested)
    {
        var entry = new Dictionary<string, double>
        {
            ["mean"] = value.Mean,
            ["var"] = value.Variance,
            ["mcse"] = value.Mcse,
            ["rhat"] = value.RHat,
            ["ess_bulk"] = value.EssBulk,
            ["ess_tail"] = value.EssTail,
        };
        if (nested)
            entry["nested_rhat"] = value.NestedRHat;
        return entry;
    }

    private static void WriteText(CommandConsole console, Request request, EnergySpec spec, AcceleratorSession session, SampleResult result)
    {
        var output = console.Output;
        output.WriteLine($"{request.Sampler}: {result.Chains} chains × {result.DrawCount} draws (warm-up {request.Warmup}, thin {request.Thin}, seed {request.Seed}) "
            + $"of the {spec.Kind} model (d = {result.Dimension}) on {session.Device}"
            + (request.Group is { Size: > 1 } group ? $", sharded over {group.Size} ranks or devices" : ""));
        bool nested = request.Superchains is not null;
        var table = new TextTable(["dim", "mean", "sd", "mcse", "rhat", .. nested ? new[] { "nested_rhat" } : [], "ess_bulk", "ess_tail"]);
        for (int j = 0; j < result.PerDimension.Count; j++)
        {
            var value = result.PerDimension[j];
            table.Add([j.ToString(CultureInfo.InvariantCulture), Format(value.Mean), Format(Math.Sqrt(value.Variance)), Format(value.Mcse),
                Format(value.RHat, "F3"), .. nested ? new[] { Format(value.NestedRHat, "F3") } : [], Format(value.EssBulk, "F0"), Format(value.EssTail, "F0")]);
        }
        table.WriteTo(output);
        output.WriteLine($"acceptance {Format(result.AcceptanceRate, "F3")}, divergences {result.Divergences}, excluded chains {result.ExcludedChains} of {result.Chains}, "
            + $"step size {Format(result.FinalStepSize)}");
        if (result.Trees is { } trees)
        {
            output.WriteLine($"trees: mean depth {Format(trees.MeanDepth, "F2")}, {Format(100 * trees.MaxDepthShare, "F1")}% at the maximum depth {request.MaxDepth}, "
                + $"{Format(trees.GradientsPerTransition, "F1")} gradient evals per transition");
        }
        if (!double.IsNaN(result.TrajectoryLength))
        {
            output.WriteLine($"trajectory length {Format(result.TrajectoryLength)} shared by every chain, jittered: "
                + $"{Format(result.GradientsPerTransition, "F1")} gradient evals per transition");
        }
        output.WriteLine($"{Format(result.Seconds, "F2")} s, {Format(result.ChainStepsPerSecond, "G3")} chain-steps/s, "
            + $"{Format(result.GradientEvaluationsPerSecond, "G3")} gradient evals/s on {session.Device.Id}");
        output.WriteLine($"wrote {request.Output} [{result.DrawCount}, {result.Chains}, {result.Dimension}]");
    }

    private static string Format(double value, string format = "G4") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The parsed command line.</summary>
    internal sealed record Request(
        string Model, string Sampler, int Chains, int Steps, int Warmup, float StepSize, int Leapfrog, int MaxDepth, int Thin, ulong Seed,
        string? Init, int? Superchains, string? Accelerator, string Output, string? Plot, string? Checkpoint, string? Resume, bool Json, bool Quiet)
    {
        /// <summary>Whether --seed was given on the command line (a resumed run must then match the checkpoint's).</summary>
        public bool SeedGiven { get; init; }

        /// <summary>The MPI ranks (--distributed) or devices (an --accelerator list) sharing the run, or null for one.</summary>
        public IChainGroup? Group { get; init; }
    }
}
