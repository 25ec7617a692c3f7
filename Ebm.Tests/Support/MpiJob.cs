using System.Diagnostics;

namespace Ebm.Tests.Support;

/// <summary>
/// Jobs of ebm ranks under MPICH's <c>mpiexec</c> on localhost. Without MPICH the tests that need it are ignored, unless
/// <c>EBM_REQUIRE_MPI=1</c> (CI) makes that a failure.
/// </summary>
internal static class MpiJob
{
    /// <summary>How long a job may take.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    // MPICH's launcher by its own name: an Open MPI mpiexec would start ranks that cannot speak to libmpich.
    private const string Launcher = "/usr/bin/mpiexec.mpich";

    /// <summary>Ignores the test (fails it under EBM_REQUIRE_MPI=1) when MPICH's mpiexec is not installed.</summary>
    public static void RequireLauncher()
    {
        if (File.Exists(Launcher))
            return;
        if (Environment.GetEnvironmentVariable("EBM_REQUIRE_MPI") == "1")
            Assert.Fail("EBM_REQUIRE_MPI=1 but MPICH's mpiexec is not installed (apt-get install mpich)");
        Assert.Ignore("MPICH's mpiexec is not installed (apt-get install mpich)");
    }

    /// <summary>Runs <c>mpiexec -n ranks dotnet ebm.dll args</c> to its end (failing the test after <see cref="Patience"/>).</summary>
    /// <param name="ranks">R.</param>
    /// <param name="args">The ebm arguments.</param>
    /// <returns>The exit code, standard output and standard error.</returns>
    public static (int ExitCode, string Output, string Error) Run(int ranks, string[] args)
    {
        using var job = Process.Start(Start(ranks, args))!;
        var output = job.StandardOutput.ReadToEndAsync();
        var error = job.StandardError.ReadToEndAsync();
        if (!job.WaitForExit(Patience))
        {
            job.Kill(entireProcessTree: true);
            Assert.Fail($"mpiexec -n {ranks} did not end within {Patience}");
        }
        return (job.ExitCode, output.Result, error.Result);
    }

    /// <summary>How to start <c>mpiexec -n ranks dotnet ebm.dll args</c>, with redirected output.</summary>
    /// <param name="ranks">R.</param>
    /// <param name="args">The ebm arguments.</param>
    /// <returns>The start info.</returns>
    public static ProcessStartInfo Start(int ranks, string[] args)
    {
        var start = new ProcessStartInfo(Launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["-n", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), "dotnet", Path.Combine(TestContext.CurrentContext.TestDirectory, "ebm.dll"), .. args])
            start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>The dotnet processes of a job, found by an argument only that job has.</summary>
    /// <param name="marker">The argument.</param>
    /// <returns>Their process ids, in order.</returns>
    public static List<int> RankProcesses(string marker) =>
        [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => int.TryParse(name, out _)).Select(int.Parse!).Where(pid =>
        {
            try
            {
                string commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
                return commandLine.StartsWith("dotnet\0", StringComparison.Ordinal) && commandLine.Contains(marker, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }).Order()];
}
