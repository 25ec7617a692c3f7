using System.CommandLine;
using System.Runtime.InteropServices;
using Ebm.Cli.Commands;

namespace Ebm.Cli;

/// <summary>The <c>ebm</c> command line: parses arguments, runs one command, maps failures to exit codes.</summary>
/// <remarks>
/// Exit codes: 0 success; 1 a check failed (e.g. <c>validate</c>); 2 bad usage or bad input
/// (unknown command or option, invalid number, missing or malformed file, absent accelerator),
/// with a one-line message on standard error (<c>ebm: error: …</c>); 3 training diverged; 130 cancelled.
/// The first Ctrl-C (SIGINT) or SIGTERM asks the command to stop at its next safe point (training finishes its
/// iteration and writes the model and a checkpoint); a second Ctrl-C ends the process at once.
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
            string messages = CommandConsole.OneLine(string.Join("; ", parsed.Errors.Select(parseError => parseError.Message.TrimEnd('.'))));
            error.WriteLine($"ebm: error: {messages} (usage: ebm <command> [options]; run 'ebm <command> --help')");
            return UsageError;
        }
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => RequestStop(signal, stop, error));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => RequestStop(signal, stop, error));
        return parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // the handlers above cancel the token; the commands decide what to keep
        }, stop.Token).GetAwaiter().GetResult();
    }

    // The first signal cancels (the process keeps running to its next safe point); a later one takes the default action.
    private static void RequestStop(PosixSignalContext signal, CancellationTokenSource stop, TextWriter error)
    {
        if (stop.IsCancellationRequested)
            return;
        signal.Cancel = true;
        error.WriteLine("ebm: stopping at the next safe point (Ctrl-C again to abort at once)");
        stop.Cancel();
    }
}
