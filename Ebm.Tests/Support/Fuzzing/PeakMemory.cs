namespace Ebm.Tests.Support.Fuzzing;

/// <summary>
/// The process's peak resident memory since the last <see cref="Reset"/> (Linux: writing 5 to /proc/self/clear_refs
/// resets VmHWM), which counts what the GC does not see: device buffers of the CPU accelerator and native allocations.
/// </summary>
internal static class PeakMemory
{
    private const string Status = "/proc/self/status";

    /// <summary>Whether the platform lets the peak be reset and read.</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    /// <summary>Resets the peak to the current resident size and returns that size in bytes (0 where unavailable).</summary>
    public static long Reset()
    {
        if (!Available)
            return 0;
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Read("VmRSS:");
    }

    /// <summary>The peak resident size in bytes since the last reset (0 where unavailable).</summary>
    public static long Peak() => Available ? Read("VmHWM:") : 0;

    private static long Read(string field)
    {
        foreach (string line in File.ReadLines(Status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"{Status} has no {field}");
    }
}
