using System.CommandLine;
using System.Text.Json;
using Ebm.Facade.Data;
using Ebm.Facade.Models;
using Ebm.Facade.Partition;
using Ebm.Runtime.Accelerators;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm eval --model model.safetensors|spec.json --data NAME|X.npy [--method auto|analytic|quadrature|ais|exact] [--runs M]
/// [--temperatures K] [--json]</c>: the mean negative log-likelihood of data under a model, ± its standard error, with log Z
/// analytic, by quadrature (d ≤ 2) or by annealed importance sampling (base fitted to the data); for a discrete model (an
/// RBM, whose Fashion-MNIST data are binarised as for training) exact on the device or by AIS from the base-rate model.
/// </summary>
public static class EvalCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="console">Where to write.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandConsole console)
    {
        var model = new Option<string>("--model") { Description = "A saved model (.safetensors) or a JSON spec.", Required = true, HelpName = "FILE" };
        var data = new Option<string>("--data") { Description = "A toy set name (fresh test points), fashion-mnist[:train|:test] (its images, [n, 784] in [0, 1]) or an [n, d] NPY file.", Required = true, HelpName = "NAME|FILE" };
        var method = new Option<string>("--method")
        {
            Description = "How to get log Z: auto (analytic, else quadrature for d ≤ 2, else ais; a discrete model: exact when it fits, else ais), analytic, quadrature (d ≤ 2), ais or exact (discrete models).",
            HelpName = "METHOD",
            DefaultValueFactory = _ => "auto",
        };
        method.AcceptOnlyFromAmong("auto", "analytic", "quadrature", "ais", "exact");
        var runs = CliOptions.Integer("--runs", "AIS runs M (parallel chains).", 2, 256);
        var temperatures = CliOptions.Integer("--temperatures", "AIS intermediate distributions K.", 1, 200);
        var count = CliOptions.Integer("--count", "Points to generate for a toy set.", 1, 5000);
        var seed = CliOptions.Seed("--seed", "Seed of generated points.", 1_000_003);
        var accelerator = CliOptions.Accelerator();
        var json = CliOptions.Json();
        var command = new Command("eval", "Mean negative log-likelihood of data under a model, with its error.") { model, data, method, runs, temperatures, count, seed, accelerator, json };
        command.SetAction(parsed => console.Guard(() =>
        {
            var partitionMethod = parsed.GetValue(method) switch
            {
                "analytic" => PartitionMethod.Analytic,
                "quadrature" => PartitionMethod.Quadrature,
                "ais" => PartitionMethod.Ais,
                "exact" => PartitionMethod.Exact,
                _ => PartitionMethod.Auto,
            };
            var definition = ModelFiles.LoadAny(parsed.GetValue(model)!);
            var points = DataSets.Load(parsed.GetValue(data)!, parsed.GetValue(count), parsed.GetValue(seed));
            var ais = new AnnealedImportanceSamplingOptions { Runs = parsed.GetValue(runs), Temperatures = parsed.GetValue(temperatures), Seed = parsed.GetValue(seed) };
            if (definition.Discrete is { } discrete)
            {
                if (FashionMnist.TryParse(parsed.GetValue(data)!, out _))
                    points = FashionMnist.Binarize(points);
                return EvaluateDiscrete(console, discrete, points, partitionMethod, ais, parsed.GetValue(data)!, parsed.GetValue(accelerator), parsed.GetValue(json));
            }
            var spec = definition.Continuous!;
            if (partitionMethod == PartitionMethod.Exact)
                throw new ArgumentException($"--method exact enumerates discrete models; the {spec.Kind} model is continuous: use analytic, quadrature (d ≤ 2) or ais");
            if (points.GetLength(1) != spec.Dimension)
                throw new ArgumentException($"--data {parsed.GetValue(data)} has {points.GetLength(1)} columns; the {spec.Kind} model has dimension {spec.Dimension}");
            using var session = AcceleratorSession.Open(parsed.GetValue(accelerator));
            using var energyModel = EnergyModel.Create(spec, session);
            var logZ = Likelihood.EstimateLogPartition(energyModel, points, partitionMethod, ais);
            Report(console, parsed.GetValue(json), Likelihood.MeanNegativeLogLikelihood(energyModel, points, logZ), logZ, points.GetLength(0), session);
            return 0;
        }));
        return command;
    }

    // A discrete model's states (0/1 rows for an RBM): log Z exact on the device or by AIS from the states' base rate.
    private static int EvaluateDiscrete(CommandConsole console, DiscreteSpec spec, float[,] states, PartitionMethod method, AnnealedImportanceSamplingOptions ais,
        string data, string? accelerator, bool json)
    {
        if (states.GetLength(1) != spec.Units)
            throw new ArgumentException($"--data {data} has {states.GetLength(1)} columns; the {spec.Kind} model has {spec.Units} units");
        if (method is PartitionMethod.Analytic or PartitionMethod.Quadrature)
            throw new ArgumentException($"log Z of the discrete {spec.Kind} model is --method exact or ais (RBM); {method.ToString().ToLowerInvariant()} applies to continuous models");
        if (spec is RbmSpec && states.Cast<float>().FirstOrDefault(value => value is not (0 or 1), 0) is var bad && bad != 0)
            throw new ArgumentException($"--data {data}: an RBM's visible units are 0 or 1; found {bad}");
        using var session = AcceleratorSession.Open(accelerator);
        var logZ = Likelihood.EstimateLogPartition(spec, method, session, ais, states);
        Report(console, json, Likelihood.MeanNegativeLogLikelihood(spec, states, logZ), logZ, states.GetLength(0), session);
        return 0;
    }

    private static void Report(CommandConsole console, bool json, (double Mean, double StandardError) nll, PartitionEstimate logZ, int count, AcceleratorSession session)
    {
        if (json)
        {
            console.Output.WriteLine(JsonSerializer.Serialize(new
            {
                nll = nll.Mean, nll_standard_error = nll.StandardError, log_z = logZ.LogZ, log_z_error = logZ.StandardError, log_z_method = logZ.Method,
                log_z_ess = logZ.EffectiveSampleSize, points = count, accelerator = session.Device.ToString(),
            }, JsonOutput.Options));
        }
        else
        {
            console.Output.WriteLine($"mean NLL {nll.Mean:F4} ± {nll.StandardError:F4} nats over {count} points; log Z = {logZ.LogZ:F4} ({logZ.Method}, ± {logZ.StandardError:G2})");
        }
    }
}
