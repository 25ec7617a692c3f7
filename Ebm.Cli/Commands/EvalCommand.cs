using System.CommandLine;
using System.Text.Json;
using Ebm.Facade.Data;
using Ebm.Facade.Models;
using Ebm.Facade.Partition;
using Ebm.Runtime.Accelerators;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm eval --model model.safetensors|spec.json --data NAME|X.npy [--method quadrature] [--json]</c>: the mean
/// negative log-likelihood of data under a model, ± its standard error, with log Z analytic or by quadrature (d ≤ 2).
/// </summary>
public static class EvalCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="console">Where to write.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandConsole console)
    {
        var model = new Option<string>("--model") { Description = "A saved model (.safetensors) or a JSON spec.", Required = true, HelpName = "FILE" };
        var data = new Option<string>("--data") { Description = "A toy set name (fresh test points) or an [n, d] NPY file.", Required = true, HelpName = "NAME|FILE" };
        var method = new Option<string>("--method") { Description = "How to get log Z: quadrature (d ≤ 2; analytic specs use their closed form).", HelpName = "quadrature", DefaultValueFactory = _ => "quadrature" };
        var count = CliOptions.Integer("--count", "Points to generate for a toy set.", 1, 5000);
        var seed = CliOptions.Seed("--seed", "Seed of generated points.", 1_000_003);
        var accelerator = CliOptions.Accelerator();
        var json = CliOptions.Json();
        var command = new Command("eval", "Mean negative log-likelihood of data under a model, with its error.") { model, data, method, count, seed, accelerator, json };
        command.SetAction(parsed => console.Guard(() =>
        {
            if (parsed.GetValue(method) != "quadrature")
                throw new ArgumentException($"--method {parsed.GetValue(method)} is not available: use quadrature (annealed importance sampling is not in this build)");
            var spec = ModelFiles.Load(parsed.GetValue(model)!);
            var points = DataSets.Load(parsed.GetValue(data)!, parsed.GetValue(count), parsed.GetValue(seed));
            using var session = AcceleratorSession.Open(parsed.GetValue(accelerator));
            using var energyModel = EnergyModel.Create(spec, session);
            var logZ = Likelihood.EstimateLogPartition(energyModel, points);
            var (nll, error) = Likelihood.MeanNegativeLogLikelihood(energyModel, points, logZ);
            if (parsed.GetValue(json))
            {
                console.Output.WriteLine(JsonSerializer.Serialize(new
                {
                    nll, nll_standard_error = error, log_z = logZ.LogZ, log_z_error = logZ.StandardError, log_z_method = logZ.Method,
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
