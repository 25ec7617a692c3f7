namespace Ebm.Cli;

/// <summary>Checks on output paths made before any work starts, so that a long run never ends in an unwritable path.</summary>
internal static class OutputPaths
{
    public static void RequireFolderOf(string path, string option)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{option}: the folder {folder} does not exist");
        if (Directory.Exists(path))
            throw new ArgumentException($"{option} {path} is a folder; give a file name");
    }
}
