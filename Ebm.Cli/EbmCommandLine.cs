using System.CommandLine;
using Ebm.Cli.Commands;

namespace Ebm.Cli;

/// <summary>The <c>ebm</c> command line: parses arguments, runs one command, maps failures to exit codes.</summary>
/// <remarks>
/// Exit codes: 0 success; 1 a check failed (e.g. <c>validate</c>); 2 bad usage or bad input
/// (unknown command or option, invalid number, missing or malformed file, absent accelerator),
/// with a one-line message on standard error (<c>ebm: error: …</c>); 130 cancelled.
/// </remarks>
public static class EbmCommandLine
{
    /// <summary>Exit code for bad usage or bad input.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments after <c>ebm</c>.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <returns>The process exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var console = new CommandConsole(output, error);
        var root = new RootCommand("Ebm: energy-based models on CUDA, OpenCL and CPU accelerators.")
        {
            DevicesCommand.Create(console),
            EnergyCommand.Create(console),
            SampleCommand.Create(console),
            LogzCommand.Create(console),
            TrainCommand.Create(console),
            EvalCommand.Create(console),
            DemoCommand.Create(console),
            ValidateCommand.Create(console),
            BenchCommand.Create(console),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            string messages = string.Join("; ", parsed.Errors.Select(parseError => parseError.Message.ReplaceLineEndings(" ").TrimEnd('.')));
            error.WriteLine($"ebm: error: {messages} (usage: ebm <command> [options]; run 'ebm <command> --help')");
            return UsageError;
        }
        return parsed.Invoke(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
        });
    }
}
