using Ebm.Facade.IO;

namespace Ebm.Tests.Facade.IO;

[TestFixture]
public sealed class AtomicFileTests
{
    private TemporaryFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TemporaryFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public void Write_NewFile_HoldsContentAndLeavesNoTemporaryFile()
    {
        string path = _folder.File("new.bin");

        AtomicFile.Write(path, stream => stream.Write([1, 2, 3]));

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(_folder.FileNames(), Is.EqualTo(new[] { "new.bin" }));
    }

    [Test]
    public void Write_ExistingFile_ReplacesIt()
    {
        string path = _folder.File("old.bin");
        File.WriteAllBytes(path, [9, 9, 9, 9, 9]);

        AtomicFile.Write(path, stream => stream.Write([4]));

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 4 }));
    }

    [Test]
    public void Write_ContentGoesToHiddenTemporaryFileInSameFolder()
    {
        string path = _folder.File("target.bin");
        string? temporary = null;

        AtomicFile.Write(path, stream =>
        {
            temporary = ((FileStream)stream).Name;
            stream.WriteByte(1);
        });

        Assert.That(Path.GetDirectoryName(temporary), Is.EqualTo(_folder.Path));
        Assert.That(Path.GetFileName(temporary), Does.Match(@"^\.target\.bin\.[0-9a-f]{12}\.tmp$"));
    }

    [Test]
    public void Write_WriterThrows_KeepsOriginalAndDeletesTemporaryFile()
    {
        string path = _folder.File("checkpoint.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var failure = new InvalidOperationException("disk on fire");

        var thrown = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100_000]);
            throw failure;
        }));

        Assert.That(thrown, Is.SameAs(failure));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(_folder.FileNames(), Is.EqualTo(new[] { "checkpoint.safetensors" }));
    }

    [Test]
    public void Write_WriterThrowsWithoutOriginal_CreatesNothing()
    {
        Assert.Throws<IOException>(() => AtomicFile.Write(_folder.File("a.npy"), _ => throw new IOException("full")));

        Assert.That(_folder.FileNames(), Is.Empty);
    }

    [Test]
    public void NpyAndSafeTensorsWriters_FailingMidway_KeepOriginal()
    {
        string npy = _folder.File("a.npy");
        string safetensors = _folder.File("a.safetensors");
        NpyFile.Write(npy, [1.0, 2.0], [2]);
        var content = new SafeTensors();
        content.Metadata["step"] = null!;
        File.WriteAllBytes(safetensors, [5]);

        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(safetensors, content));
        Assert.Throws<ArgumentException>(() => NpyFile.Write(npy, [1.0, 2.0, 3.0], [2]));

        Assert.That(File.ReadAllBytes(safetensors), Is.EqualTo(new byte[] { 5 }));
        Assert.That(NpyFile.Read(npy).ToDouble(), Is.EqualTo(new[] { 1.0, 2.0 }));
        Assert.That(_folder.FileNames(), Is.EquivalentTo(new[] { "a.npy", "a.safetensors" }));
    }
}
