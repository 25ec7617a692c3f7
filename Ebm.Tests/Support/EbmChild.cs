using System.Diagnostics;
using System.Globalization;

namespace Ebm.Tests.Support;

/// <summary>An <c>ebm</c> command run as a child process (<c>dotnet ebm.dll …</c>), to send it real signals.</summary>
internal sealed class EbmChild : IDisposable
{
    private readonly Process process;
    private readonly List<string> errors = [];
    private readonly Task<string> output;
    private readonly object gate = new();
    private readonly List<(string Prefix, ManualResetEventSlim Seen)> awaited = [];

    /// <summary>Starts <c>ebm <paramref name="args"/></c>.</summary>
    public EbmChild(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "ebm.dll"));
        foreach (string argument in args)
            start.ArgumentList.Add(argument);
        process = Process.Start(start)!;
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
                return;
            lock (gate)
            {
                errors.Add(line.Data);
                foreach (var (prefix, seen) in awaited.Where(entry => line.Data.StartsWith(entry.Prefix, StringComparison.Ordinal)))
                    seen.Set();
            }
        };
        process.BeginErrorReadLine();
        output = process.StandardOutput.ReadToEndAsync();
    }

    /// <summary>Standard error so far, one line per line.</summary>
    public string Error
    {
        get
        {
            lock (gate)
                return string.Join("\n", errors);
        }
    }

    /// <summary>Waits until the process has written a line of standard error that starts with <paramref name="prefix"/>.</summary>
    public bool WaitForError(string prefix, TimeSpan timeout)
    {
        var seen = new ManualResetEventSlim();
        lock (gate)
        {
            if (errors.Any(line => line.StartsWith(prefix, StringComparison.Ordinal)))
                return true;
            awaited.Add((prefix, seen));
        }
        return seen.Wait(timeout);
    }

    /// <summary>Sends <paramref name="signal"/> (INT, TERM, KILL) with <c>kill</c>.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to end and returns its exit code and standard output.</summary>
    public (int ExitCode, string Output) WaitForExit(TimeSpan timeout)
    {
        Assert.That(process.WaitForExit(timeout), Is.True, () => $"the process ends within {timeout}; its standard error so far:\n{Error}");
        process.WaitForExit();
        return (process.ExitCode, output.Result);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill();
        process.Dispose();
    }
}
