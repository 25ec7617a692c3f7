namespace Ebm.Facade.IO;

/// <summary>Opens the files that readers take in, with a message that names a missing one.</summary>
public static class InputFile
{
    /// <summary>Opens <paramref name="path"/> for sequential reading.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="FileNotFoundException">There is no such file (or no such folder): "PATH does not exist".</exception>
    public static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path} does not exist", path, e);
        }
    }
}
