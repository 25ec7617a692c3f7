using Ebm.Facade.IO;
using Ebm.Tests.Facade.IO;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

/// <summary>A temporary folder for CLI tests, with helpers to write specs and points and to run <c>ebm</c> there.</summary>
internal sealed class CliFolder : IDisposable
{
    private readonly TemporaryFolder folder = new();

    /// <summary>The folder's full path.</summary>
    public string Path => folder.Path;

    /// <summary>The full path of <paramref name="name"/> in the folder.</summary>
    public string File(string name) => folder.File(name);

    /// <summary>Writes <paramref name="json"/> to <paramref name="name"/> and returns its path.</summary>
    public string Spec(string name, string json)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Writes [N, d] float64 points to <paramref name="name"/> and returns its path.</summary>
    public string Points(string name, double[,] points)
    {
        string path = File(name);
        var flat = new double[points.Length];
        Buffer.BlockCopy(points, 0, flat, 0, points.Length * sizeof(double));
        NpyFile.Write(path, flat, [points.GetLength(0), points.GetLength(1)]);
        return path;
    }

    /// <summary>The names of the files in the folder, sorted.</summary>
    public string[] FileNames() => [.. folder.FileNames().Order(StringComparer.Ordinal)];

    /// <summary>Asserts that <paramref name="run"/> failed with exit code 2 and one line on standard error containing <paramref name="expected"/>.</summary>
    public static void AssertUsageError(CliRun run, string expected)
    {
        Assert.That(run.ExitCode, Is.EqualTo(2), $"stdout: {run.Output}\nstderr: {run.Error}");
        string[] lines = run.Error.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1), run.Error);
        Assert.That(lines[0], Does.StartWith("ebm: error: ").And.Contain(expected));
        Assert.That(run.Output, Is.Empty);
    }

    /// <inheritdoc/>
    public void Dispose() => folder.Dispose();
}
