namespace Ebm.Tests.Facade.IO;

/// <summary>A fresh folder under the system temp path, deleted with its content on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TemporaryFolder()
    {
        Path = Directory.CreateTempSubdirectory("ebm-io-tests-").FullName;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The names of the files in the folder.</summary>
    public string[] FileNames() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
