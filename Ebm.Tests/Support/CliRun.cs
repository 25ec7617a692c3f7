using Ebm.Cli;

namespace Ebm.Tests.Support;

/// <summary>Runs the <c>ebm</c> command line in-process and captures what it prints.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <c>ebm <paramref name="args"/></c>.</summary>
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = EbmCommandLine.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
