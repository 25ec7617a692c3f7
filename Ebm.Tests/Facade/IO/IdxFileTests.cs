using System.Buffers.Binary;
using Ebm.Facade.IO;
using Ebm.Tests.Support;
using Ebm.Tests.Support.Fuzzing;

namespace Ebm.Tests.Facade.IO;

/// <summary>The IDX reader on files the tests write: every element type, plain and gzip'd, and every kind of bad file.</summary>
[TestFixture]
public sealed class IdxFileTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void UnsignedBytesReadBackInCOrder(bool gzip)
    {
        using var folder = new TemporaryFolder();
        var bytes = IdxBytes.UInt8([2, 3, 4], i => (byte)(10 * i % 256));
        string path = folder.File("a.idx");
        File.WriteAllBytes(path, gzip ? IdxBytes.Gzip(bytes) : bytes);
        var array = IdxFile.Read(path);
        Assert.That(array.Type, Is.EqualTo(IdxDType.UInt8));
        Assert.That(array.Shape, Is.EqualTo(new[] { 2, 3, 4 }));
        Assert.That(array.ToInt32(), Is.EqualTo(Enumerable.Range(0, 24).Select(i => 10 * i % 256).ToArray()));
        Assert.That(array.ToSingle(1.0 / 255)[1], Is.EqualTo(10f / 255).Within(1e-7));
    }

    [Test]
    public void EveryTypeIsBigEndian()
    {
        using var folder = new TemporaryFolder();
        void Check(IdxDType type, byte[] payload, double[] expected)
        {
            string path = folder.File($"{type}.idx");
            File.WriteAllBytes(path, IdxBytes.Of(type, [expected.Length], payload));
            Assert.That(IdxFile.Read(path).ToSingle(), Is.EqualTo(expected.Select(value => (float)value).ToArray()), type.ToString());
        }
        Check(IdxDType.Int8, [0xFF, 0x05], [-1, 5]);
        Check(IdxDType.Int16, [0x01, 0x02, 0xFF, 0xFE], [258, -2]);
        Check(IdxDType.Int32, [0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFD], [65536, -3]);
        var single = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(single, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(single.AsSpan(4), -0.25f);
        Check(IdxDType.Float32, single, [1.5, -0.25]);
        var dbl = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(dbl, 3.25);
        Check(IdxDType.Float64, dbl, [3.25]);
        Assert.That(() => IdxFile.Read(folder.File("Float64.idx")).ToInt32(), Throws.InstanceOf<EbmFormatException>().With.Message.Contains("does not hold integers"));
    }

    [TestCase(new byte[] { 1, 0, 8, 1, 0, 0, 0, 1, 7 }, "not an IDX file: it starts with 0x01 0x00")]
    [TestCase(new byte[] { 0, 0, 7, 1, 0, 0, 0, 1, 7 }, "unknown IDX type code 0x07")]
    [TestCase(new byte[] { 0, 0, 8, 0 }, "1 to 16 dimensions; this one declares 0")]
    [TestCase(new byte[] { 0, 0, 8, 2, 0, 0, 0, 1 }, "the 2 dimensions needs 8 bytes but only 4 remain")]
    [TestCase(new byte[] { 0, 0, 8, 1, 0x80, 0, 0, 0 }, "declares 2147483648 elements")]
    [TestCase(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 1, 2 }, "truncated: the data of shape [3] needs 3 bytes but only 2 remain")]
    [TestCase(new byte[] { 0, 0, 8, 1, 0, 0, 0, 1, 1, 2 }, "1 bytes follow the data of shape [1]")]
    [TestCase(new byte[] { 0, 0, 0x0E, 3, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 2 }, "needs more than")]
    public void BadPlainFilesAreNamedAndRefused(byte[] bytes, string expected)
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("bad.idx");
        File.WriteAllBytes(path, bytes);
        Assert.That(() => IdxFile.Read(path), Throws.InstanceOf<EbmFormatException>().With.Message.Contains(expected).And.Message.Contains(path));
    }

    [Test]
    public void BadCompressedFilesAreRefusedWithoutAllocatingTheirDeclaredSize()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("bad.idx.gz");
        // A header declaring 1.9 GB of bytes in front of ten of them.
        File.WriteAllBytes(path, IdxBytes.Gzip(IdxBytes.Of(IdxDType.UInt8, [1900, 1000, 1000], new byte[10])));
        long before = PeakMemory.Reset();
        Assert.That(() => IdxFile.Read(path), Throws.InstanceOf<EbmFormatException>().With.Message.Contains("needs 1900000000 bytes but only 10 remain"));
        if (PeakMemory.Available)
            Assert.That(PeakMemory.Peak() - before, Is.LessThan(64L << 20), "the buffer grows only with the bytes that decompress");

        File.WriteAllBytes(path, IdxBytes.Gzip(IdxBytes.Of(IdxDType.UInt8, [2], new byte[1 << 20])));
        Assert.That(() => IdxFile.Read(path), Throws.InstanceOf<EbmFormatException>().With.Message.Contains("bytes follow the data of shape [2]"));

        var corrupt = IdxBytes.Gzip(IdxBytes.UInt8([64], i => (byte)i));
        corrupt[12] ^= 0xFF;
        File.WriteAllBytes(path, corrupt);
        Assert.That(() => IdxFile.Read(path), Throws.InstanceOf<EbmFormatException>().With.Message.Contains(path));
    }
}
