using System.Security.Cryptography;

namespace Ebm.Facade.IO;

/// <summary>
/// Replaces a file all at once: content goes to a temporary file in the same folder, is flushed to disk,
/// then renamed over the target, so a crash or an exception never leaves a half-written file in its place.
/// </summary>
/// <remarks>
/// The temporary file is named <c>.{file name}.{random}.tmp</c>. The rename is atomic where the file
/// system makes same-folder renames atomic (POSIX <c>rename</c>, NTFS <c>MoveFileEx</c>); on Linux the folder is
/// flushed after it, so the new content survives a power cut. Leftovers of a killed earlier run are removed first
/// (<see cref="TemporaryFiles.RemoveStale"/>).
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes the file at <paramref name="path"/> with whatever <paramref name="writeContent"/> writes to the stream it is given.</summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="writeContent">Writes the content; must not dispose the stream. If it throws, the original file is untouched and the exception propagates.</param>
    public static void Write(string path, Action<Stream> writeContent)
    {
        ArgumentNullException.ThrowIfNull(writeContent);
        Write(path, writeContent, static (stream, write) => write(stream));
    }

    /// <summary>
    /// Writes the file at <paramref name="path"/> with <paramref name="writeContent"/>, passing it <paramref name="state"/>
    /// (which may be a ref struct, such as spans of data, that a lambda could not capture).
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="writeContent"/>.</typeparam>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="state">Data for <paramref name="writeContent"/>.</param>
    /// <param name="writeContent">Writes the content; must not dispose the stream. If it throws, the original file is untouched and the exception propagates.</param>
    public static void Write<TState>(string path, TState state, Action<Stream, TState> writeContent)
        where TState : allows ref struct
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeContent);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{RandomNumberGenerator.GetHexString(12, lowercase: true)}.tmp");
        TemporaryFiles.RemoveStale(fullPath);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                writeContent(stream, state);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
            TemporaryFiles.SyncFolder(folder);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    private static void DeleteQuietly(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original exception matters more than a leftover temporary file.
        }
    }
}
