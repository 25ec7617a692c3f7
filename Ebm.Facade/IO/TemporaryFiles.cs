using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Ebm.Facade.IO;

/// <summary>
/// The temporary files this program writes next to a target before renaming them over it: named
/// <c>.{target name}.{hex}.{suffix}</c>. A run killed between the two leaves one behind; the next write to the same target
/// removes those of the pattern that are older than the running process (so never a concurrent writer's), and after a
/// rename the folder is flushed (Linux <c>fsync</c> of the directory, as SQLite does) so the rename survives a power cut.
/// </summary>
public static partial class TemporaryFiles
{
    private static readonly DateTime ProcessStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>A new temporary path for <paramref name="target"/>.</summary>
    /// <param name="target">The full path of the file to be replaced.</param>
    /// <param name="suffix">tmp or partial.</param>
    /// <returns>The path, in the target's folder.</returns>
    public static string For(string target, string suffix) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.{suffix}");

    /// <summary>Deletes this program's leftover temporary files of <paramref name="target"/> that are older than this process.</summary>
    /// <param name="target">The full path of the file about to be written.</param>
    public static void RemoveStale(string target)
    {
        string folder = Path.GetDirectoryName(target)!, name = Path.GetFileName(target);
        if (!Directory.Exists(folder))
            return;
        foreach (string candidate in Directory.EnumerateFiles(folder, $".{name}.*"))
        {
            string rest = Path.GetFileName(candidate)[(name.Length + 2)..];
            if (!OwnPattern().IsMatch(rest) || File.GetLastWriteTimeUtc(candidate) >= ProcessStart)
                continue;
            try
            {
                File.Delete(candidate);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process's file, or a folder we may not change: leave it.
            }
        }
    }

    /// <summary>Flushes <paramref name="folder"/>'s entries to disk (Linux; elsewhere the file system's journal has to do).</summary>
    /// <param name="folder">The folder a file was just renamed into.</param>
    public static void SyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux())
            return;
        int descriptor = Open(folder, 0 /* O_RDONLY: a directory opens read-only on every Linux ABI */);
        if (descriptor < 0)
            return;
        Sync(descriptor);
        Close(descriptor);
    }

    // The random part AtomicFile (12 hex digits) and the CLI's staged outputs (32) use, then their suffix.
    [GeneratedRegex("^[0-9a-f]{12,32}\\.(tmp|partial)$")]
    private static partial Regex OwnPattern();

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Sync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
