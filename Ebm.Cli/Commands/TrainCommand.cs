using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ebm.Cli.Plots;
using Ebm.Cli.Training;
using Ebm.Facade.Data;
using Ebm.Facade.Distributed;
using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Facade.Partition;
using Ebm.Facade.Training;
using Ebm.Facade.Validation;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm train --data NAME|fashion-mnist[:SPLIT]|X.npy --model mlp:2-64-64-1[:silu]|conv:CxHxW:LAYERS[:ACT[:POOL]] [--base-scale σ|none] --method cd|pcd
/// --sampler … --iterations N --batch B [--k K] [--step-size ε] [--lr η] [--lr-decay cosine|none] [--buffer N] [--reinit P]
/// [--data-noise σ|none] [--clamp LO,HI|none] [--seed s] --out model.safetensors [--resume ckpt] [--json] [--plot FILE.png]
/// [--distributed]</c>: trains an MLP or convolutional energy by contrastive divergence and saves it in PyTorch's <c>nn.Sequential</c>
/// layout. The defaults are the 2-D schedule of <see cref="DemoSettings.Default"/> run for <see cref="DefaultIterations"/>
/// iterations, or on images <see cref="ImageRecipe"/>. <c>--model rbm:V-H</c> trains an RBM (<see cref="RbmTraining"/>).
/// </summary>
/// <remarks>
/// A checkpoint (<c>--checkpoint</c>, by default next to <c>--out</c>) is written every 100 iterations and when the
/// run ends or is cancelled (Ctrl-C stops between iterations and keeps the last complete one); an image run also draws
/// its pictures then (<see cref="SnapshotPictures"/>). <c>--distributed</c> and accelerator lists train data-parallel
/// through <see cref="MemberRuns"/>.
/// </remarks>
public static class TrainCommand
{
    /// <summary>
    /// Default iterations: twice the demo's, for a margin on the density (8gaussians, seeds 0–1: test NLL within
    /// 0.10–0.12 nats of the entropy after 3,000 iterations, 0.12–0.14 after 1,500; ~70 s on PoCL, 2 cores).
    /// </summary>
    public const int DefaultIterations = 3000;

    /// <summary>Builds the command.</summary>
    /// <param name="console">Where to write.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandConsole console)
    {
        var schedule = DemoSettings.Default(0);
        var defaults = schedule.Options;
        string defaultModel = $"mlp:{string.Join("-", schedule.Layers)}:{ActivationNames.Name(schedule.Activation)}";
        string imageModel = $"mlp:{string.Join("-", ImageRecipe.Layers)}:{ActivationNames.Name(ImageRecipe.Activation)}";
        var data = new Option<string>("--data") { Description = "A toy data set (8gaussians, 2spirals, checkerboard, moons, rings, pinwheel, swissroll), fashion-mnist[:train|:test] (Debian's dataset-fashion-mnist, or the folder EBM_FASHION_MNIST names; pixels in [0, 1], binarised at 0.5 for an RBM; the other split is held out) or an [n, d] NPY file.", Required = true, HelpName = "NAME|FILE" };
        var model = new Option<string>("--model") { Description = $"The network, mlp:WIDTHS[:ACTIVATION] (default {defaultModel}; {imageModel} on images), conv:CxHxW:LAYER,…[:ACTIVATION[:avg|sum]] with LAYER = CHANNELSkKERNEL[sSTRIDE][pPADDING] (e.g. {ValidationEnergies.ImageConvArchitecture}), or rbm:V-H for a binary RBM (data: an NPY file of 0/1 rows or {RbmTraining.BarsAndStripesName}).", HelpName = "ARCH", DefaultValueFactory = _ => defaultModel };
        var baseScale = CliOptions.PositiveOrNone("--base-scale", "σ₀ of the Gaussian base term |x − mean|²/(2σ₀²) added to an MLP, in data standard deviations; none for no base term (the default on images and for conv).", schedule.BaseScale);
        var method = Choice("--method", "cd (CD-k from the data) or pcd (persistent chains with a replay buffer, the default).", "pcd", "cd");
        var sampler = Choice("--sampler", "Negative sampler: ula (default), mala, hmc or rwmh.", "ula", "mala", "hmc", "rwmh");
        var iterations = CliOptions.Integer("--iterations", "Training iterations.", 1, DefaultIterations);
        var batch = CliOptions.Integer("--batch", "Data points and negative chains per iteration.", 1, defaults.BatchSize);
        var k = CliOptions.Integer("--k", "Sampler steps per iteration.", 1, defaults.SamplerSteps);
        var stepSize = CliOptions.PositiveFloat("--step-size", $"Sampler step size ε (default {defaults.StepSize.ToString(CultureInfo.InvariantCulture)}; ULA and MALA noise is √(2ε)).");
        var noise = CliOptions.PositiveFloat("--noise", "Decoupled SGLD noise scale instead of the true ULA √(2ε) (ula only).");
        var learningRate = CliOptions.PositiveFloat("--lr", $"Adam learning rate (default {defaults.LearningRate.ToString(CultureInfo.InvariantCulture)}).");
        var decay = Choice("--lr-decay", "cosine (default: from --lr down to a tenth of it over the run) or none.", "cosine", "none");
        var buffer = CliOptions.Integer("--buffer", $"Replay buffer size (pcd; default {defaults.BufferSize}, or the batch size when larger).", 1, defaults.BufferSize);
        var reinit = CliOptions.Probability("--reinit", "Probability that a negative chain restarts from uniform noise in the data's bounding box, or the --clamp box (pcd).", defaults.ReinitProbability);
        var dataNoise = CliOptions.PositiveOrNone("--data-noise", $"σ of Gaussian noise added to the data every iteration, or none (default none; {ImageRecipe.Options.DataNoise.ToString(CultureInfo.InvariantCulture)} on images).", null);
        var clamp = ClampOption();
        var aisDefaults = new AnnealedImportanceSamplingOptions();
        var aisRuns = CliOptions.Integer("--ais-runs", "AIS runs M of the RBM's test log-likelihood.", 2, aisDefaults.Runs);
        var aisTemperatures = new Option<int?>("--ais-temperatures")
        {
            Description = $"AIS temperatures K of the RBM's test log-likelihood (default {RbmTraining.AisTemperaturesPerHiddenUnit} per hidden unit, from {aisDefaults.Temperatures:N0} to {RbmTraining.MaxDefaultAisTemperatures:N0}: RBM papers use about 10,000 at H = 500).",
            HelpName = "K",
        };
        aisTemperatures.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
                result.AddError("--ais-temperatures must be at least 1");
        });
        var seed = CliOptions.Seed("--seed", "Seed of data, initialisation, batches and sampler noise.", 0);
        var output = CliOptions.File("--out", "Where to write the trained model (safetensors, PyTorch layout).", required: true);
        var checkpoint = CliOptions.File("--checkpoint", "Where to write checkpoints (default: next to --out).", required: false);
        var resume = CliOptions.File("--resume", "A checkpoint to continue from: the same data, model, --seed, --method, --sampler, --batch, --k and --buffer (refused otherwise); --iterations, --lr and --lr-decay may change.", required: false);
        var plot = CliOptions.File("--plot", "Also draw the training curves to this PNG.", required: false);
        var accelerator = CliOptions.Accelerator();
        accelerator.Description += " A comma-separated list (cuda:0,cuda:1) or KIND:all trains data-parallel over those devices (MLP and conv energies).";
        var json = CliOptions.Json();
        var quiet = new Option<bool>("--quiet") { Description = "Print no progress." };
        var distributed = MemberRuns.DistributedOption("data-parallel training of an MLP or conv energy. Rank r draws the batch rows of its "
            + "contiguous block, from its blocks of the data and of the replay buffer, and the ranks sum their θ-gradients before every optimiser step, "
            + "so all hold the same parameters and follow one process with the same --batch up to float rounding. Rank 0 writes --out, --plot, the "
            + "checkpoint (one file, resumable on any number of ranks) and the summary. An --accelerator list does the same over devices in one process.");
        var command = new Command("train", "Train an MLP, convolutional or RBM energy on data by contrastive divergence.")
        {
            data, model, baseScale, method, sampler, iterations, batch, k, stepSize, noise, learningRate, decay, buffer, reinit, dataNoise, clamp, seed,
            output, checkpoint, resume, plot, accelerator, json, quiet, distributed, aisRuns, aisTemperatures,
        };
        command.SetAction((parsed, cancellation) => Task.FromResult(console.Guard(() =>
        {
            if (RbmTraining.IsRbm(parsed.GetValue(model)!))
            {
                string? mlpOnly = new Option[] { baseScale, sampler, stepSize, noise, decay, buffer, reinit, dataNoise, clamp, checkpoint, resume, plot }
                    .FirstOrDefault(option => parsed.GetResult(option) is { Implicit: false })?.Name;
                if (mlpOnly is not null)
                    throw new ArgumentException($"{mlpOnly} applies to MLP and conv energies; an RBM trains by block Gibbs (--method, --k, --batch, --lr, --iterations, --seed)");
                if (parsed.GetValue(distributed) || DeviceCatalog.ParseList(parsed.GetValue(accelerator)).Count > 1)
                    throw new ArgumentException("data-parallel training (--distributed, or an --accelerator list) trains MLP and conv energies; train an RBM on one accelerator");
                var rbmDefaults = new RbmTrainerOptions();
                var rbmOptions = rbmDefaults with
                {
                    Persistent = parsed.GetValue(method) == "pcd",
                    BatchSize = parsed.GetResult(batch) is { Implicit: false } ? parsed.GetValue(batch) : rbmDefaults.BatchSize,
                    GibbsSteps = parsed.GetResult(k) is { Implicit: false } ? parsed.GetValue(k) : rbmDefaults.GibbsSteps,
                    LearningRate = parsed.GetValue(learningRate) ?? rbmDefaults.LearningRate,
                    Seed = parsed.GetValue(seed),
                };
                var ais = aisDefaults with { Runs = parsed.GetValue(aisRuns), Temperatures = parsed.GetValue(aisTemperatures) ?? 0, Seed = rbmOptions.Seed };
                return RbmTraining.Run(console, new RbmTraining.Request(parsed.GetValue(data)!, parsed.GetValue(model)!, rbmOptions, ais, parsed.GetValue(iterations),
                    parsed.GetValue(output)!, parsed.GetValue(accelerator), parsed.GetValue(json), parsed.GetValue(quiet)), cancellation);
            }
            if (new Option[] { aisRuns, aisTemperatures }.FirstOrDefault(option => parsed.GetResult(option) is { Implicit: false }) is { } rbmOnly)
                throw new ArgumentException($"{rbmOnly.Name} applies to RBMs, whose test log-likelihood needs log Z by AIS");
            // Image data trains by the published image recipe, the rest by the 2-D schedule; options given override either.
            bool images = FashionMnist.TryParse(parsed.GetValue(data)!, out _);
            var recipe = images ? ImageRecipe.Options : defaults;
            T Given<T>(Option<T> option, T fallback) => parsed.GetResult(option) is { Implicit: false } ? parsed.GetValue(option)! : fallback;
            var network = NetworkArchitecture.Parse(Given(model, images ? imageModel : defaultModel));
            string outPath = parsed.GetValue(output)!;
            int iterationCount = parsed.GetValue(iterations);
            int batchSize = Given(batch, recipe.BatchSize);
            var options = recipe with
            {
                Method = parsed.GetValue(method) == "cd" ? ContrastiveMethod.ContrastiveDivergence : ContrastiveMethod.Persistent,
                Sampler = Enum.Parse<SamplerKind>(parsed.GetValue(sampler)!, ignoreCase: true),
                BatchSize = batchSize,
                SamplerSteps = Given(k, recipe.SamplerSteps),
                StepSize = parsed.GetValue(stepSize) ?? recipe.StepSize,
                NoiseScale = parsed.GetValue(noise) ?? recipe.NoiseScale,
                LearningRate = parsed.GetValue(learningRate) ?? recipe.LearningRate,
                DecayIterations = parsed.GetValue(decay) == "cosine" ? iterationCount : 0,
                BufferSize = Given(buffer, Math.Max(recipe.BufferSize, batchSize)),
                ReinitProbability = Given(reinit, recipe.ReinitProbability),
                DataNoise = parsed.GetResult(dataNoise) is { Implicit: false } ? CliOptions.PositiveOrNoneValue(parsed.GetValue(dataNoise)!) ?? 0 : recipe.DataNoise,
                Clamp = parsed.GetResult(clamp) is { Implicit: false } ? ClampValue(parsed.GetValue(clamp)!) : recipe.Clamp,
                Seed = parsed.GetValue(seed),
            };
            bool convolutional = network is ConvArchitecture;
            double? baseScaleValue = CliOptions.PositiveOrNoneValue(Given(baseScale, images || convolutional ? "none" : parsed.GetValue(baseScale)!));
            if (convolutional && baseScaleValue is not null)
                throw new ArgumentException("--base-scale applies to MLP energies; a convolutional energy has no base term (bound its samples with --clamp)");
            var request = new NetworkTrainingRequest(parsed.GetValue(data)!, network, baseScaleValue, options, iterationCount,
                EvaluateEvery: 0, TrainCount: 20_000, TestCount: 5_000,
                CheckpointPath: parsed.GetValue(checkpoint) ?? Path.ChangeExtension(outPath, ".checkpoint.safetensors"),
                ResumePath: parsed.GetValue(resume));
            return MemberRuns.Run(console, parsed.GetValue(distributed), parsed.GetValue(accelerator), (memberConsole, device, group) =>
                Run(memberConsole, request, outPath, parsed.GetValue(plot), device, parsed.GetValue(json), parsed.GetValue(quiet), group, cancellation));
        })));
        return command;
    }

    // One member's run (the only one when group is null); member 0 reports and writes the outputs.
    private static int Run(CommandConsole console, NetworkTrainingRequest request, string outPath, string? plotPath, string accelerator,
        bool json, bool quiet, IChainGroup? group, CancellationToken cancellation)
    {
        (string, string)[] data = File.Exists(request.Data) ? [("--data", request.Data)] : [];
        (string, string)[] plot = plotPath is null ? [] : [("--plot", plotPath)];
        (string, string)[] resume = request.ResumePath is null ? [] : [("--resume", request.ResumePath)];
        int? imageSide = PlotWriter.ImageSide(request.Network.Dimension);
        var pictures = SnapshotPictures.PathsFor(outPath);
        (string, string)[] snapshots = imageSide is null ? [] : [("--out (samples picture)", pictures.Samples), ("--out (energies picture)", pictures.Energies)];
        OutputPaths.Check([.. data, .. resume], [("--out", outPath), .. plot, .. snapshots]);
        if (request.CheckpointPath is not null)
            OutputPaths.Check(data, [("--out", outPath), ("--checkpoint", request.CheckpointPath), .. plot]); // continuing a checkpoint in place is allowed
        var run = NetworkTrainingRun.Prepare(request);
        using var session = AcceleratorSession.Open(accelerator);
        bool root = group is not { Rank: > 0 };
        var log = new TrainingLog(quiet || json || !root ? null : new TrainingConsoleProgress(console.Error, request.Iterations, !Console.IsErrorRedirected));
        var snapshotSink = root && imageSide is int side
            ? new SnapshotPictures(pictures.Samples, pictures.Energies, side, request.Data, plotPath is null ? null : (plotPath, log))
            : null;
        run.Execute(session, root ? log : null, root ? log : null, cancellation, group, snapshotSink);
        if (!root)
            return run.Cancelled ? 130 : 0;
        var trained = run.Trained!;
        SafeTensorsFile.Write(outPath, trained.ToSafeTensors());
        if (plotPath is not null)
            PlotWriter.TrainingCurves(plotPath, log.ToHistory(), $"Training on {request.Data}");
        (double Mean, double StandardError, PartitionEstimate LogZ)? test = null;
        if (request.Network.Dimension <= 2)
        {
            using var model = EnergyModel.Create(trained, session);
            test = NetworkTrainingRun.TestNll(model, run.Test);
        }
        int done = run.CompletedIterations;
        if (json)
        {
            console.Output.WriteLine(JsonSerializer.Serialize(new
            {
                accelerator = session.Device.ToString(),
                parts = group?.Size ?? 1,
                data = request.Data,
                iterations = done,
                cancelled = run.Cancelled,
                seconds = run.TrainingSeconds,
                iterations_per_s = done / Math.Max(run.TrainingSeconds, 1e-9),
                test_nll = test?.Mean,
                test_nll_standard_error = test?.StandardError,
                log_z = test?.LogZ.LogZ,
                log_z_error = test?.LogZ.StandardError,
                out_path = outPath,
                checkpoint = request.CheckpointPath,
            }, JsonOutput.Options));
        }
        else
        {
            string where = group is { Size: > 1 } ? $"data-parallel over {group.Size} ranks or devices ({session.Device} first)" : $"on {session.Device}";
            console.Output.WriteLine($"trained {done} iterations {where} in {run.TrainingSeconds:F1} s ({done / Math.Max(run.TrainingSeconds, 1e-9):F2} it/s)"
                + (test is { } t ? $"; test NLL {t.Mean:F4} ± {t.StandardError:F4} nats (log Z {t.LogZ.LogZ:F4} ± {t.LogZ.StandardError:F4} by {t.LogZ.Method})" : "")
                + $"; model written to {outPath}");
        }
        if (run.Cancelled)
            console.Error.WriteLine($"ebm: cancelled at iteration {run.FinalIteration}; model and checkpoint written");
        return run.Cancelled ? 130 : 0;
    }

    // --clamp LO,HI or none.
    private static Option<string> ClampOption()
    {
        var option = new Option<string>("--clamp")
        {
            Description = "Keep every coordinate in [LO, HI] (ula): negatives are clamped after every step, noisy data after its noise, restarts drawn in the box; none for no box (default none; 0,1 on images).",
            HelpName = "LO,HI|none",
            DefaultValueFactory = _ => "none",
        };
        option.Validators.Add(result =>
        {
            string text = result.Tokens.Count == 0 ? "none" : result.Tokens[0].Value;
            if (!text.Equals("none", StringComparison.OrdinalIgnoreCase) && ClampValue(text) is null)
                result.AddError($"--clamp must be LO,HI with finite LO < HI, or none; got '{text}'");
        });
        return option;
    }

    private static (float Low, float High)? ClampValue(string text)
    {
        string[] parts = text.Split(',');
        return parts.Length == 2 && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float low)
            && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float high) && float.IsFinite(low) && float.IsFinite(high) && low < high
            ? (low, high)
            : null;
    }

    private static Option<string> Choice(string name, string description, params string[] allowed) => new(name)
    {
        Description = description,
        HelpName = string.Join("|", allowed),
        DefaultValueFactory = _ => allowed[0],
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 0 ? allowed[0] : result.Tokens[0].Value.ToLowerInvariant();
            if (!allowed.Contains(text))
                result.AddError($"{name} must be one of {string.Join(", ", allowed)}; got '{text}'");
            return text;
        },
    };
}
