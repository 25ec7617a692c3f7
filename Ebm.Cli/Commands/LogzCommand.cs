using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Facade.Partition;
using Ebm.Runtime.Accelerators;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm logz --model SPEC [--method analytic|quadrature|ais|exact] [--bounds lo,hi[,lo,hi]] [--resolution n]
/// [--runs M] [--temperatures K] [--seed S] [--json]</c>: log Z in closed form where the spec has one, by grid
/// quadrature for d ≤ 2, or by annealed importance sampling (AIS) in any dimension.
/// </summary>
/// <remarks>
/// Without <c>--method</c>, the closed form is used when there is one and neither <c>--bounds</c> nor
/// <c>--resolution</c> is given; else quadrature for d ≤ 2 and AIS above. Quadrature's default box is 8 standard
/// deviations around the modes for the Gaussian, diagonal Gaussian, mixture and banana energies; other energies need
/// <c>--bounds</c>. AIS anneals from a Gaussian centred in that box (or in <c>--bounds</c>) with σ = box width / 8 on
/// each axis, or from N(0, I) when there is no box. A <c>.safetensors</c> model is a saved MLP, or a binary RBM (tensors
/// <c>weight</c> [H, V], <c>visible_bias</c>, <c>hidden_bias</c>): <c>--method exact</c> (enumeration, the default) or
/// <c>ais</c> from the uniform base-rate model with block-Gibbs transitions.
/// </remarks>
public static class LogzCommand
{
    /// <summary>The default number of quadrature cells per axis.</summary>
    public const int DefaultResolution = 512;

    /// <summary>The most grid points quadrature evaluates.</summary>
    public const long MaxGridPoints = 1 << 26;

    /// <summary>Builds the command.</summary>
    /// <param name="console">Where to write.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandConsole console)
    {
        var model = CliOptions.Model();
        var method = new Option<string?>("--method")
        {
            Description = "analytic (closed form), quadrature (d ≤ 2), ais (annealed importance sampling) or exact (discrete models); default analytic where a closed form exists, else quadrature (d ≤ 2), else ais.",
            HelpName = "METHOD",
        };
        method.AcceptOnlyFromAmong("analytic", "quadrature", "ais", "exact");
        var bounds = new Option<string?>("--bounds")
        {
            Description = "Quadrature box: lo,hi for every axis, or lo,hi,lo,hi for two axes.",
            HelpName = "lo,hi[,lo,hi]",
        };
        var resolution = CliOptions.Integer("--resolution", "Quadrature cells per axis, even.", 4, DefaultResolution);
        var runs = CliOptions.Integer("--runs", "AIS runs M (parallel chains).", 2, 256);
        var temperatures = CliOptions.Integer("--temperatures", "AIS intermediate distributions K.", 1, 200);
        var seed = CliOptions.Seed("--seed", "Seed of the AIS runs.", 0);
        var accelerator = CliOptions.Accelerator();
        var json = CliOptions.Json();
        var command = new Command("logz", "Compute the log partition function log Z of a model.")
        {
            model, method, bounds, resolution, runs, temperatures, seed, accelerator, json,
        };
        command.SetAction(parsed => console.Guard(() => Run(console, new Request(
            parsed.GetValue(model)!, parsed.GetValue(method), parsed.GetValue(bounds),
            parsed.GetResult(resolution) is { Implicit: false } ? parsed.GetValue(resolution) : null,
            parsed.GetValue(runs), parsed.GetValue(temperatures), parsed.GetValue(seed),
            parsed.GetValue(accelerator), parsed.GetValue(json)))));
        return command;
    }

    private static int Run(CommandConsole console, Request request)
    {
        var model = ModelFiles.LoadAny(request.Model);
        if (model.Discrete is RbmSpec rbm)
            return RunDiscrete(console, request, rbm);
        var spec = model.Continuous
            ?? throw new ArgumentException($"--model {request.Model}: log Z of the {model.Kind} model is not estimated here; ebm logz takes continuous models and RBMs");
        bool gridOptions = request.Bounds is not null || request.Resolution is not null;
        string method = request.Method ?? (spec.LogPartition is not null && !gridOptions ? "analytic" : spec.Dimension <= 2 ? "quadrature" : "ais");
        if (method == "exact")
            throw new ArgumentException($"--method exact enumerates discrete models (an RBM saved as .safetensors); the {spec.Kind} model is continuous: use analytic, quadrature (d ≤ 2) or ais");
        if (method == "ais")
        {
            if (request.Resolution is not null)
                throw new ArgumentException("--resolution applies to --method quadrature, not ais");
            var (boxLower, boxUpper) = request.Bounds is null ? DefaultBounds(spec) ?? (null!, null!) : ParseBounds(request.Bounds, spec.Dimension);
            var options = new AnnealedImportanceSamplingOptions
            {
                Runs = request.Runs,
                Temperatures = request.Temperatures,
                Seed = request.Seed,
                BaseMean = boxLower is null ? null : [.. boxLower.Select((low, axis) => 0.5 * (low + boxUpper[axis]))],
                BaseScale = boxLower is null ? null : [.. boxLower.Select((low, axis) => (boxUpper[axis] - low) / 8)],
            };
            using var aisSession = AcceleratorSession.Open(request.Accelerator);
            using var aisModel = EnergyModel.Create(spec, aisSession);
            var result = AnnealedImportanceSampling.Estimate(aisModel, options);
            Report(console, request.Json, spec, result.Estimate, null, aisSession, (options, result));
            return 0;
        }
        if (method == "analytic")
        {
            if (gridOptions)
                throw new ArgumentException("--bounds and --resolution apply to --method quadrature, not analytic");
            double logZ = spec.LogPartition
                ?? throw new ArgumentException($"the {spec.Kind} model{AtTemperature(spec)} has no closed-form log Z; use --method quadrature (d ≤ 2)");
            Report(console, request.Json, spec, new PartitionEstimate(logZ, 0, "analytic"), null, null, null);
            return 0;
        }

        if (spec.Dimension > 2)
        {
            throw new ArgumentException($"quadrature needs d ≤ 2 but the {spec.Kind} model has d = {spec.Dimension}"
                + (spec.LogPartition is null ? "; use --method ais" : "; use --method analytic or ais"));
        }
        int cells = request.Resolution ?? DefaultResolution;
        if (cells % 2 != 0)
            throw new ArgumentException($"--resolution must be even (the error estimate halves it); got {cells}");
        if (Math.Pow(cells, spec.Dimension) > MaxGridPoints)
            throw new ArgumentException($"--resolution {cells} gives {Math.Pow(cells, spec.Dimension):G3} grid points in {spec.Dimension}-D, more than {MaxGridPoints}");
        var (lower, upper) = request.Bounds is null
            ? DefaultBounds(spec) ?? throw new ArgumentException($"--bounds is required for quadrature of the {spec.Kind} model (there is no default box for it)")
            : ParseBounds(request.Bounds, spec.Dimension);
        var grid = new QuadratureGrid(lower, upper, cells);
        using var session = AcceleratorSession.Open(request.Accelerator);
        using var energyModel = EnergyModel.Create(spec, session);
        var estimate = GridQuadrature.LogPartition(energyModel, grid);
        Report(console, request.Json, spec, estimate, grid, session, null);
        return 0;
    }

    // An RBM saved as safetensors (weight [H, V], visible_bias, hidden_bias): exact enumeration (default) or AIS.
    private static int RunDiscrete(CommandConsole console, Request request, RbmSpec spec)
    {
        string method = request.Method ?? "exact";
        if (method is not ("exact" or "ais"))
            throw new ArgumentException($"log Z of an RBM is --method exact (enumeration) or ais; {method} applies to continuous models");
        if (request.Bounds is not null || request.Resolution is not null)
            throw new ArgumentException("--bounds and --resolution apply to --method quadrature of continuous models, not to an RBM");
        AcceleratorSession? session = null;
        try
        {
            AnnealedImportanceSamplingResult? result = null;
            PartitionEstimate estimate;
            session = AcceleratorSession.Open(request.Accelerator);
            if (method == "exact")
            {
                estimate = Likelihood.ExactLogPartition(spec, session);
            }
            else
            {
                result = AnnealedImportanceSampling.Estimate(spec, session, new AnnealedImportanceSamplingOptions
                {
                    Runs = request.Runs,
                    Temperatures = request.Temperatures,
                    Seed = request.Seed,
                });
                estimate = result.Estimate;
            }
            if (request.Json)
            {
                console.Output.WriteLine(JsonSerializer.Serialize(new
                {
                    model = spec.Kind,
                    visible = spec.Visible,
                    hidden = spec.Hidden,
                    temperature = spec.Temperature,
                    method = estimate.Method,
                    log_z = estimate.LogZ,
                    error = estimate.StandardError,
                    runs = result is null ? (int?)null : request.Runs,
                    temperatures = result is null ? (int?)null : request.Temperatures,
                    ess = result?.EffectiveSampleSize,
                    seed = result is null ? (ulong?)null : request.Seed,
                    accelerator = session?.Device.Id,
                }, JsonOutput.Options));
            }
            else
            {
                string where = $"rbm, V = {spec.Visible}, H = {spec.Hidden}, T = {Format(spec.Temperature)}";
                console.Output.WriteLine(result is null
                    ? $"log Z = {estimate.LogZ.ToString("R", CultureInfo.InvariantCulture)} (exact enumeration; {where}; {session.Device.Id})"
                    : $"log Z = {Format(estimate.LogZ, "G10")} ± {Format(estimate.StandardError, "G2")} (ais, {request.Runs} runs × {request.Temperatures} temperatures, "
                        + $"ESS {Format(result.EffectiveSampleSize, "F0")}; {where}; {session.Device.Id})");
            }
            return 0;
        }
        finally
        {
            session?.Dispose();
        }
    }

    private static void Report(CommandConsole console, bool asJson, EnergySpec spec, PartitionEstimate estimate, QuadratureGrid? grid, AcceleratorSession? session,
        (AnnealedImportanceSamplingOptions Options, AnnealedImportanceSamplingResult Result)? ais)
    {
        if (asJson)
        {
            console.Output.WriteLine(JsonSerializer.Serialize(new
            {
                model = spec.Kind,
                d = spec.Dimension,
                temperature = spec.Temperature,
                method = estimate.Method,
                log_z = estimate.LogZ,
                error = estimate.StandardError,
                analytic_log_z = spec.LogPartition,
                bounds = grid is null ? null : Enumerable.Range(0, grid.Dimension).Select(axis => new[] { grid.Lower[axis], grid.Upper[axis] }).ToArray(),
                resolution = grid?.Resolution,
                runs = ais?.Options.Runs,
                temperatures = ais?.Options.Temperatures,
                ess = ais?.Result.EffectiveSampleSize,
                acceptance = ais?.Result.AcceptanceRate,
                seed = ais?.Options.Seed,
                accelerator = session?.Device.Id,
            }, JsonOutput.Options));
            return;
        }
        string where = $"{spec.Kind}, d = {spec.Dimension}, T = {Format(spec.Temperature)}";
        if (ais is var (options, result))
        {
            console.Output.WriteLine($"log Z = {Format(estimate.LogZ, "G10")} ± {Format(estimate.StandardError, "G2")} "
                + $"(ais, {options.Runs} runs × {options.Temperatures} temperatures, ESS {Format(result.EffectiveSampleSize, "F0")}, acceptance {Format(result.AcceptanceRate, "F2")}; {where}; {session!.Device.Id})");
            if (spec.LogPartition is double closed)
                console.Output.WriteLine($"analytic log Z = {Format(closed, "G10")} (difference {Format(estimate.LogZ - closed, "G2")})");
            return;
        }
        if (grid is null)
        {
            console.Output.WriteLine($"log Z = {estimate.LogZ.ToString("R", CultureInfo.InvariantCulture)} (analytic; {where})");
            return;
        }
        string box = string.Join(" × ", Enumerable.Range(0, grid.Dimension).Select(axis => $"[{Format(grid.Lower[axis])}, {Format(grid.Upper[axis])}]"));
        console.Output.WriteLine($"log Z = {Format(estimate.LogZ, "G10")} ± {Format(estimate.StandardError, "G2")} "
            + $"(quadrature, {grid.Resolution} cells per axis on {box}; {where}; {session!.Device.Id})");
        if (spec.LogPartition is double exact)
            console.Output.WriteLine($"analytic log Z = {Format(exact, "G10")} (difference {Format(estimate.LogZ - exact, "G2")})");
    }

    // Eight standard deviations (at temperature T) around the modes, where the spec says where its mass lies.
    private static (double[] Lower, double[] Upper)? DefaultBounds(EnergySpec spec)
    {
        const double width = 8;
        double t = Math.Sqrt(spec.Temperature);
        switch (spec)
        {
            case GaussianSpec gaussian:
                return ([.. gaussian.Mean.Select((mean, i) => mean - width * t * Math.Sqrt(gaussian.Covariance[i, i]))],
                    [.. gaussian.Mean.Select((mean, i) => mean + width * t * Math.Sqrt(gaussian.Covariance[i, i]))]);
            case DiagonalGaussianSpec diagonal:
                return ([.. diagonal.Mean.Select((mean, i) => mean - width * t * diagonal.Scales[i])],
                    [.. diagonal.Mean.Select((mean, i) => mean + width * t * diagonal.Scales[i])]);
            case GaussianMixtureSpec mixture:
                var components = Enumerable.Range(0, mixture.Weights.Count).ToArray();
                return ([.. Enumerable.Range(0, mixture.Dimension).Select(j => components.Min(k => mixture.Means[k][j] - width * t * mixture.Scales[k][j]))],
                    [.. Enumerable.Range(0, mixture.Dimension).Select(j => components.Max(k => mixture.Means[k][j] + width * t * mixture.Scales[k][j]))]);
            case BananaSpec banana when banana.Dimension == 2:
                // u ~ N(a, T/2), v | u ~ N(u², T/(2b)).
                double uLow = banana.A - width * t * Math.Sqrt(0.5), uHigh = banana.A + width * t * Math.Sqrt(0.5);
                double squareLow = uLow <= 0 && uHigh >= 0 ? 0 : Math.Min(uLow * uLow, uHigh * uHigh);
                double squareHigh = Math.Max(uLow * uLow, uHigh * uHigh), vMargin = width * t * Math.Sqrt(0.5 / banana.B);
                return ([uLow, squareLow - vMargin], [uHigh, squareHigh + vMargin]);
            default:
                return null;
        }
    }

    private static (double[] Lower, double[] Upper) ParseBounds(string text, int dimension)
    {
        var values = new List<double>();
        foreach (string part in text.Split(','))
        {
            if (!double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                throw new ArgumentException($"--bounds must be finite numbers separated by commas (lo,hi[,lo,hi]); '{part.Trim()}' is not");
            values.Add(value);
        }
        if (values.Count == 2)
            values = [.. Enumerable.Range(0, dimension).SelectMany(_ => values)];
        if (values.Count != 2 * dimension)
            throw new ArgumentException($"--bounds has {values.Count} numbers; a {dimension}-D model needs lo,hi for every axis (2 or {2 * dimension} numbers)");
        var lower = Enumerable.Range(0, dimension).Select(axis => values[2 * axis]).ToArray();
        var upper = Enumerable.Range(0, dimension).Select(axis => values[2 * axis + 1]).ToArray();
        for (int axis = 0; axis < dimension; axis++)
        {
            if (!(upper[axis] > lower[axis]))
                throw new ArgumentException($"--bounds of axis {axis} must have lo < hi; got {Format(lower[axis])},{Format(upper[axis])}");
        }
        return (lower, upper);
    }

    private static string AtTemperature(EnergySpec spec) => spec.Temperature == 1 ? "" : $" at T = {Format(spec.Temperature)}";

    private static string Format(double value, string format = "G6") => value.ToString(format, CultureInfo.InvariantCulture);

    private sealed record Request(string Model, string? Method, string? Bounds, int? Resolution, int Runs, int Temperatures, ulong Seed, string? Accelerator, bool Json);
}
