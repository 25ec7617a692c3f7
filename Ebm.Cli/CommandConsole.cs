using Ebm.Facade.Training;
using Ebm.Runtime.Memory;

namespace Ebm.Cli;

/// <summary>Where a command writes, and the one place that turns failures into exit codes.</summary>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
public sealed record CommandConsole(TextWriter Output, TextWriter Error)
{
    /// <summary>Exit code of a training run that diverged.</summary>
    public const int TrainingDiverged = 3;

    /// <summary>
    /// Runs <paramref name="body"/>; bad input becomes a one-line message and exit code 2, a diverged training run
    /// <see cref="TrainingDiverged"/>, cancellation 130.
    /// </summary>
    /// <param name="body">The command's work, returning its exit code.</param>
    /// <returns>The exit code.</returns>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception failure) when (IsBadInput(failure))
        {
            Error.WriteLine($"ebm: error: {OneLine(WithoutParameterName(failure))}");
            return EbmCommandLine.UsageError;
        }
        catch (TrainingDivergedException diverged)
        {
            Error.WriteLine($"ebm: training diverged: {OneLine(diverged.Message)}; files written before it are kept");
            return TrainingDiverged;
        }
        catch (OperationCanceledException)
        {
            Error.WriteLine("ebm: cancelled; nothing was written (outputs are written only when a command completes)");
            return 130;
        }
    }

    private static bool IsBadInput(Exception failure) =>
        failure is ArgumentException or FileNotFoundException or DirectoryNotFoundException
            or UnauthorizedAccessException or InvalidDataException or DeviceAllocationException
            or DllNotFoundException
        || (failure is IOException && failure is not EndOfStreamException);

    /// <summary>The most characters of a message printed; the rest is counted, not echoed.</summary>
    public const int MaxMessageLength = 1000;

    // One line, at most MaxMessageLength characters, with control characters (terminal escapes from file contents) written as \uXXXX.
    internal static string OneLine(string message)
    {
        string line = message.ReplaceLineEndings(" ");
        var text = new System.Text.StringBuilder();
        foreach (char c in line.Length > MaxMessageLength ? line[..MaxMessageLength] : line)
            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        if (line.Length > MaxMessageLength)
            text.Append($"… ({line.Length - MaxMessageLength:N0} more characters)");
        return text.ToString();
    }

    // ArgumentException appends " (Parameter 'name')", which names a C# parameter, not anything the user typed;
    // ArgumentOutOfRangeException also appends a line "Actual value was v.", which becomes "(got v)".
    private static string WithoutParameterName(Exception failure)
    {
        string message = failure is ArgumentException { ParamName: { } name } ? failure.Message.Replace($" (Parameter '{name}')", "") : failure.Message;
        return failure is ArgumentOutOfRangeException { ActualValue: { } actual }
            ? message.Replace($"{Environment.NewLine}Actual value was {actual}.", $" (got {actual})")
            : message;
    }
}
