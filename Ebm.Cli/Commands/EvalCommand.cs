using System.CommandLine;
using System.Text.Json;
using Ebm.Facade.Data;
using Ebm.Facade.Models;
using Ebm.Facade.Partition;
using Ebm.Runtime.Accelerators;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm eval --model model.safetensors|spec.json --data NAME|X.npy [--method auto|analytic|quadrature|ais] [--runs M]
/// [--temperatures K] [--json]</c>: the mean negative log-likelihood of data under a model, ± its standard error, with log Z
/// analytic, by quadrature (d ≤ 2) or by annealed importance sampling (base fitted to the data).
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
            Description = "How to get log Z: auto (analytic, else quadrature for d ≤ 2, else ais), analytic, quadrature (d ≤ 2) or ais.",
            HelpName = "METHOD",
            DefaultValueFactory = _ => "auto",
        };
        method.AcceptOnlyFromAmong("auto", "analytic", "quadrature", "ais");
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
                _ => PartitionMethod.Auto,
            };
            var spec = ModelFiles.Load(parsed.GetValue(model)!);
            var points = DataSets.Load(parsed.GetValue(data)!, parsed.GetValue(count), parsed.GetValue(seed));
            if (points.GetLength(1) != spec.Dimension)
                throw new ArgumentException($"--data {parsed.GetValue(data)} has {points.GetLength(1)} columns; the {spec.Kind} model has dimension {spec.Dimension}");
            using var session = AcceleratorSession.Open(parsed.GetValue(accelerator));
            using var energyModel = EnergyModel.Create(spec, session);
            var ais = new AnnealedImportanceSamplingOptions { Runs = parsed.GetValue(runs), Temperatures = parsed.GetValue(temperatures), Seed = parsed.GetValue(seed) };
            var logZ = Likelihood.EstimateLogPartition(energyModel, points, partitionMethod, ais);
            var (nll, error) = Likelihood.MeanNegativeLogLikelihood(energyModel, points, logZ);
            if (parsed.GetValue(json))
            {
                console.Output.WriteLine(JsonSerializer.Serialize(new
                {
                    nll, nll_standard_error = error, log_z = logZ.LogZ, log_z_error = logZ.StandardError, log_z_method = logZ.Method, log_z_ess = logZ.EffectiveSampleSize,
                    points = points.GetLength(0), accelerator = session.Device.ToString(),
                }, JsonOutput.Options));
            }
            else
            {
                console.Output.WriteLine($"mean NLL {nll:F4} ± {error:F4} nats over {points.GetLength(0)} points; log Z = {logZ.LogZ:F4} ({logZ.Method}, ± {logZ.StandardError:G2})");
            }
            return 0;
        }));
        return command;
    }
}
