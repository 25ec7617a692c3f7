using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Runtime.Accelerators;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm energy --model SPEC --points X.npy --out E.npy [--grad G.npy] [--accelerator A] [--json]</c>:
/// energies (and gradients) of [N, d] points, written as float32 NPY files.
/// </summary>
/// <remarks>Everything is computed before anything is written, and the outputs replace their targets together by rename.</remarks>
public static class EnergyCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="console">Where to write.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandConsole console)
    {
        var model = CliOptions.Model();
        var points = CliOptions.File("--points", "The [N, d] float32 or float64 NPY points.", required: true);
        var output = CliOptions.File("--out", "Where to write the [N] float32 energies (NPY).", required: true);
        var gradient = CliOptions.File("--grad", "Where to write the [N, d] float32 gradients ∇ₓE (NPY).", required: false);
        var accelerator = CliOptions.Accelerator();
        var json = CliOptions.Json();
        var command = new Command("energy", "Evaluate E(x) (and ∇ₓE) of a model at points from an NPY file.")
        {
            model, points, output, gradient, accelerator, json,
        };
        command.SetAction(parsed => console.Guard(() => Run(console, new Request(
            parsed.GetValue(model)!, parsed.GetValue(points)!, parsed.GetValue(output)!, parsed.GetValue(gradient),
            parsed.GetValue(accelerator), parsed.GetValue(json)))));
        return command;
    }

    private static int Run(CommandConsole console, Request request)
    {
        var model = ModelFiles.LoadAny(request.Model);
        var spec = model.Continuous
            ?? throw new ArgumentException($"--model {request.Model}: the {model.Kind} model is discrete (binary units); ebm energy evaluates continuous energies");
        var points = PointsFile.Read(request.Points, "--points", spec.Dimension);
        (string, string)[] targets = request.Gradient is null ? [("--out", request.Output)] : [("--out", request.Output), ("--grad", request.Gradient)];
        using var outputs = new StagedOutputs([.. OutputPaths.ModelInputs(request.Model, model), ("--points", request.Points)], targets);
        var clock = Stopwatch.StartNew();
        using var session = AcceleratorSession.Open(request.Accelerator);
        using var energyModel = EnergyModel.Create(spec, session);
        float[] energies;
        float[,]? gradients = null;
        if (request.Gradient is null)
            energies = energyModel.Energy(points);
        else
            (energies, gradients) = energyModel.EnergyAndGradient(points);
        double seconds = clock.Elapsed.TotalSeconds;

        int count = points.GetLength(0), d = spec.Dimension;
        NpyFile.Write(outputs.Temporary(0), energies, [count]);
        if (gradients is not null)
            NpyFile.Write(outputs.Temporary(1), Flatten(gradients), [count, d]);
        outputs.Commit();

        var finite = energies.Where(float.IsFinite).Select(value => (double)value).DefaultIfEmpty(double.NaN).ToArray();
        double min = finite.Min(), mean = finite.Average(), max = finite.Max();
        int nonFinite = energies.Count(value => !float.IsFinite(value));
        if (request.Json)
        {
            console.Output.WriteLine(JsonSerializer.Serialize(new
            {
                accelerator = session.Device.Id,
                device = session.Device.Name,
                model = spec.Kind,
                points = count,
                d,
                @out = request.Output,
                grad = request.Gradient,
                energy = new { min, mean, max, non_finite = nonFinite },
                seconds,
            }, JsonOutput.Options));
            return 0;
        }
        console.Output.WriteLine($"{count} energies of the {spec.Kind} model (d = {d}) on {session.Device}: min {min:G6}, mean {mean:G6}, max {max:G6}"
            + (nonFinite > 0 ? $", {nonFinite} not finite" : ""));
        console.Output.WriteLine(gradients is null
            ? $"wrote {request.Output} [{count}]"
            : $"wrote {request.Output} [{count}] and {request.Gradient} [{count}, {d}]");
        return 0;
    }

    private static float[] Flatten(float[,] values)
    {
        var flat = new float[values.Length];
        Buffer.BlockCopy(values, 0, flat, 0, values.Length * sizeof(float));
        return flat;
    }

    private sealed record Request(string Model, string Points, string Output, string? Gradient, string? Accelerator, bool Json);
}
