using Ebm.Facade.Models;

namespace Ebm.Cli;

/// <summary>Checks on output paths made before any work starts, so that a long run never ends in an unwritable path or overwrites its input.</summary>
internal static class OutputPaths
{
    /// <summary>
    /// Refuses an output that names the same file as an input or as another output (resolved paths and file identity,
    /// so symbolic and hard links count), an output that is a folder, and an output whose folder is missing or not
    /// writable; messages name the option and the user's path.
    /// </summary>
    /// <param name="inputs">The files the command reads (option, path).</param>
    /// <param name="outputs">The files it writes (option, path).</param>
    public static void Check(IEnumerable<(string Option, string Path)> inputs, IReadOnlyList<(string Option, string Path)> outputs)
    {
        var read = inputs.Select(input => (input.Option, input.Path, Identity: FileIdentity.Of(input.Path))).ToList();
        var written = new List<(string Option, string Path, FileIdentity Identity)>();
        foreach (var (option, path) in outputs)
        {
            if (Directory.Exists(path))
                throw new ArgumentException($"{option} {path} is a folder; give a file name");
            var identity = FileIdentity.Of(path);
            foreach (var input in read.Where(input => input.Identity.SameFileAs(identity)))
                throw new ArgumentException($"{option} {path} is the same file as {input.Option} {input.Path}; the input would be overwritten");
            foreach (var other in written.Where(other => other.Identity.SameFileAs(identity)))
                throw new ArgumentException($"{option} and {other.Option} name the same file {path}");
            RequireWritableFolder(option, path);
            written.Add((option, path, identity));
        }
    }

    /// <summary>The files a <c>--model</c> is read from: the model file and any parameters file its spec names.</summary>
    /// <param name="path">The <c>--model</c> path.</param>
    /// <param name="model">The model read from it.</param>
    public static IEnumerable<(string Option, string Path)> ModelInputs(string path, ModelDefinition model) =>
        [("--model", path), .. model.ParameterFiles.Select(file => ("the --model's parameters file", file))];

    private static void RequireWritableFolder(string option, string path)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{option} {path}: the folder {folder} does not exist");
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".ebm-write-probe-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write,
                FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception denied) when (denied is UnauthorizedAccessException or IOException)
        {
            throw new UnauthorizedAccessException($"{option} {path}: cannot write in the folder {folder} ({denied.Message})");
        }
    }
}
