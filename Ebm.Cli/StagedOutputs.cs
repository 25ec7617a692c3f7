using Ebm.Facade.IO;

namespace Ebm.Cli;

/// <summary>
/// Output files written all together or not at all: each is written to a temporary file next to its target, and
/// only when every one is complete are they renamed over their targets. Disposing without committing deletes them.
/// </summary>
internal sealed class StagedOutputs : IDisposable
{
    private readonly List<(string Target, string Temporary)> files = [];
    private bool committed;

    /// <summary>Checks the targets before any work is done (see <see cref="OutputPaths.Check"/>) and names their temporary files.</summary>
    /// <param name="inputs">The files the command reads, which no target may be.</param>
    /// <param name="targets">Pairs of option name and path.</param>
    public StagedOutputs(IEnumerable<(string Option, string Path)> inputs, params (string Option, string Path)[] targets)
    {
        OutputPaths.Check(inputs, targets);
        foreach (var (_, path) in targets)
        {
            string full = Path.GetFullPath(path);
            TemporaryFiles.RemoveStale(full);
            files.Add((full, TemporaryFiles.For(full, "partial")));
        }
    }

    /// <summary>The temporary path to write the output for <paramref name="index"/> (in constructor order) to.</summary>
    /// <param name="index">The output's position.</param>
    /// <returns>A path in the target's folder.</returns>
    public string Temporary(int index) => files[index].Temporary;

    /// <summary>Renames every temporary file over its target.</summary>
    public void Commit()
    {
        foreach (var (target, temporary) in files)
        {
            File.Move(temporary, target, overwrite: true);
            TemporaryFiles.SyncFolder(Path.GetDirectoryName(target)!);
        }
        committed = true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (committed)
            return;
        foreach (var (_, temporary) in files)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: the failure that stopped the command matters more.
            }
        }
    }
}
