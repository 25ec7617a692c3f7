using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ebm.Facade.Validation;
using Ebm.Runtime.Accelerators;

namespace Ebm.Cli.Commands;

/// <summary>
/// <c>ebm validate [--accelerators all|cpu,cuda,opencl] [--json]</c>: the same seeded inputs through every kernel on
/// every available accelerator, compared with float64 host references; exit code 1 when any check fails.
/// </summary>
public static class ValidateCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="console">Where to write.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandConsole console)
    {
        var accelerators = new Option<string>("--accelerators")
        {
            Description = "all, or a comma-separated list of kinds (cpu,cuda,opencl); absent kinds are reported, not failed.",
            HelpName = "KINDS",
            DefaultValueFactory = _ => "all",
        };
        var json = CliOptions.Json();
        var command = new Command("validate", "Check every kernel on every accelerator against float64 references (exit 1 on failure).") { accelerators, json };
        command.SetAction(parsed => console.Guard(() => Run(console, ParseKinds(parsed.GetValue(accelerators)!), parsed.GetValue(json))));
        return command;
    }

    /// <summary>Parses <c>all</c> or a comma-separated list of kinds.</summary>
    internal static IReadOnlyList<AcceleratorKind> ParseKinds(string text)
    {
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
            return [AcceleratorKind.Cpu, AcceleratorKind.OpenCL, AcceleratorKind.Cuda];
        var kinds = new List<AcceleratorKind>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var request = AcceleratorRequest.Parse(part);
            if (request.Kind is not { } kind || request.Index is not null)
                throw new ArgumentException($"--accelerators takes 'all' or kinds such as cpu,cuda,opencl; got '{part}'");
            kinds.Add(kind);
        }
        if (kinds.Count == 0)
            throw new ArgumentException("--accelerators is empty: use 'all' or kinds such as cpu,cuda,opencl");
        return kinds;
    }

    private static int Run(CommandConsole console, IReadOnlyList<AcceleratorKind> kinds, bool asJson)
    {
        var report = CrossAcceleratorValidator.Run(kinds);
        if (report.Accelerators.Count == 0)
            throw new ArgumentException($"none of the requested accelerators is present ({string.Join(", ", report.Absent)})");
        return Write(console, report, asJson);
    }

    /// <summary>Prints <paramref name="report"/> as a table or JSON; returns 0 when it passed, else 1.</summary>
    internal static int Write(CommandConsole console, ValidationReport report, bool asJson)
    {
        if (asJson)
        {
            console.Output.WriteLine(JsonSerializer.Serialize(new
            {
                passed = report.Passed,
                accelerators = report.Accelerators,
                absent = report.Absent,
                checks = report.Checks.Select(check => new
                {
                    kernel = check.Kernel,
                    accelerator = check.Accelerator,
                    max_error = check.MaxError,
                    tolerance = check.Tolerance,
                    metric = check.Metric,
                    passed = check.Passed,
                }),
            }, JsonOutput.Options));
        }
        else
        {
            var table = new TextTable("kernel", "accelerator", "max error", "tolerance", "metric", "result");
            foreach (var check in report.Checks)
            {
                table.Add(check.Kernel, check.Accelerator, check.MaxError.ToString("G3", CultureInfo.InvariantCulture),
                    check.Tolerance.ToString("G3", CultureInfo.InvariantCulture), check.Metric, check.Passed ? "pass" : "FAIL");
            }
            table.WriteTo(console.Output);
            console.Output.WriteLine($"checked on {string.Join(", ", report.Accelerators)}; absent: {(report.Absent.Count == 0 ? "none" : string.Join(", ", report.Absent))}");
            int failed = report.Checks.Count(check => !check.Passed);
            console.Output.WriteLine(failed == 0 ? $"all {report.Checks.Count} checks passed" : $"{failed} of {report.Checks.Count} checks FAILED");
        }
        return report.Passed ? 0 : 1;
    }
}
