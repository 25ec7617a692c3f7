using System.Buffers.Binary;
using System.Text;
using Ebm.Facade.IO;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.IO;

[TestFixture]
public sealed class NpyFileTests
{
    private const string F4Header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

    private TemporaryFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TemporaryFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [TestCase("f4_2x3.npy")]
    [TestCase("f4_2x3_v2.npy")]
    [TestCase("f4_2x3_v3.npy")]
    public void Read_NumPyFloat32File_GivesShapeAndValues(string name)
    {
        var array = NpyFile.Read(FixturePath.Of("npy/" + name));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(array.DType, Is.EqualTo(NpyDType.Float32));
            Assert.That(array.Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(array.Length, Is.EqualTo(6));
            Assert.That(array.ToSingle(), Is.EqualTo(new[] { -1f, -0.5f, 0f, 0.5f, 1f, 1.5f }));
        }
    }

    [Test]
    public void Read_NumPyFloat64Rank3File_GivesExactValues()
    {
        var array = NpyFile.Read(FixturePath.Of("npy/f8_2x3x4.npy"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(array.DType, Is.EqualTo(NpyDType.Float64));
            Assert.That(array.Shape, Is.EqualTo(new[] { 2, 3, 4 }));
            Assert.That(array.ToDouble(), Is.EqualTo(Enumerable.Range(0, 24).Select(i => i / 7.0).ToArray()));
        }
    }

    [Test]
    public void Read_NumPyScalar_HasEmptyShapeAndOneValue()
    {
        var array = NpyFile.Read(FixturePath.Of("npy/f8_scalar.npy"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(array.Shape, Is.Empty);
            Assert.That(array.Length, Is.EqualTo(1));
            Assert.That(array.ToDouble(), Is.EqualTo(new[] { 3.25 }));
        }
    }

    [Test]
    public void Read_NumPyVectorAndEmptyArray_GiveTheirShapes()
    {
        var vector = NpyFile.Read(FixturePath.Of("npy/f4_1d_5.npy"));
        var empty = NpyFile.Read(FixturePath.Of("npy/f4_empty_0x3.npy"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(vector.Shape, Is.EqualTo(new[] { 5 }));
            Assert.That(vector.ToSingle(), Is.EqualTo(new[] { 0f, 1f, 2f, 3f, 4f }));
            Assert.That(empty.Shape, Is.EqualTo(new[] { 0, 3 }));
            Assert.That(empty.Length, Is.Zero);
        }
    }

    [TestCase("f8_fortran_2x3.npy", "fortran_order")]
    [TestCase("f4_bigendian_2x3.npy", "big-endian dtype '>f4'")]
    [TestCase("i4_2x3.npy", "unsupported dtype '<i4'")]
    public void Read_UnsupportedNumPyFile_ThrowsNamingFileAndProblem(string name, string problem)
    {
        string path = FixturePath.Of("npy/" + name);

        var error = Assert.Throws<EbmFormatException>(() => NpyFile.Read(path));

        Assert.That(error.Message, Does.Contain(problem).And.Contain(path));
        Assert.That(error.FilePath, Is.EqualTo(path));
    }

    [TestCase(new int[0])]
    [TestCase(new[] { 5 })]
    [TestCase(new[] { 2, 3 })]
    [TestCase(new[] { 2, 3, 4 })]
    [TestCase(new[] { 2, 1, 3, 2 })]
    [TestCase(new[] { 3, 0, 2 })]
    public void WriteThenRead_Float32_RoundTripsShapeAndValues(int[] shape)
    {
        var data = RandomValues(shape).Select(value => (float)value).ToArray();
        string path = _folder.File("a.npy");

        NpyFile.Write(path, data, shape);
        var array = NpyFile.Read(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(array.DType, Is.EqualTo(NpyDType.Float32));
            Assert.That(array.Shape, Is.EqualTo(shape));
            Assert.That(array.ToSingle(), Is.EqualTo(data));
        }
    }

    [TestCase(new int[0])]
    [TestCase(new[] { 5 })]
    [TestCase(new[] { 2, 3 })]
    [TestCase(new[] { 2, 3, 4 })]
    [TestCase(new[] { 2, 1, 3, 2 })]
    public void WriteThenRead_Float64_RoundTripsShapeAndValues(int[] shape)
    {
        var data = RandomValues(shape);
        string path = _folder.File("a.npy");

        NpyFile.Write(path, data, shape);
        var array = NpyFile.Read(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(array.DType, Is.EqualTo(NpyDType.Float64));
            Assert.That(array.Shape, Is.EqualTo(shape));
            Assert.That(array.ToDouble(), Is.EqualTo(data));
        }
    }

    [Test]
    public void Write_Float32Vector_GivesNumPyLayoutPaddedTo64Bytes()
    {
        using var stream = new MemoryStream();

        NpyFile.Write(stream, [1f, -2f], [2]);

        string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        var expected = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 };
        expected.AddRange(Encoding.ASCII.GetBytes(header.PadRight(117) + "\n"));
        expected.AddRange([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]);
        Assert.That(stream.ToArray(), Is.EqualTo(expected.ToArray()));
    }

    [Test]
    public void Write_HeaderOver65535Bytes_UsesVersion2AndReadsBack()
    {
        var shape = Enumerable.Repeat(1, 30_000).ToArray();
        string path = _folder.File("long-header.npy");

        NpyFile.Write(path, [7.5], shape);
        var bytes = File.ReadAllBytes(path);
        var array = NpyFile.Read(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bytes[6], Is.EqualTo(2), "major version");
            Assert.That((12 + BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8))) % 64, Is.Zero, "alignment");
            Assert.That(array.Shape, Has.Count.EqualTo(30_000));
            Assert.That(array.ToDouble(), Is.EqualTo(new[] { 7.5 }));
        }
    }

    [Test]
    public void ToDoubleAndToSingle_ConvertBetweenStoredTypes()
    {
        var single = NpyFile.Read(FixturePath.Of("npy/f4_2x3.npy"));
        var dbl = NpyFile.Read(FixturePath.Of("npy/f8_2x3x4.npy"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(single.ToDouble(), Is.EqualTo(new[] { -1.0, -0.5, 0.0, 0.5, 1.0, 1.5 }));
            Assert.That(dbl.ToSingle()[1], Is.EqualTo((float)(1 / 7.0)));
        }
    }

    [Test]
    public void ToSingle_ReturnsACopy()
    {
        var array = NpyFile.Read(FixturePath.Of("npy/f4_2x3.npy"));

        array.ToSingle()[0] = 99f;

        Assert.That(array.ToSingle()[0], Is.EqualTo(-1f));
    }

    [Test]
    public void Read_ForwardOnlyStream_Works()
    {
        var bytes = File.ReadAllBytes(FixturePath.Of("npy/f8_2x3x4.npy"));

        var array = NpyFile.Read(new ForwardOnlyStream(bytes));

        Assert.That(array.ToDouble()[23], Is.EqualTo(23 / 7.0));
    }

    [TestCase(new[] { 2, 2 }, 5)]
    [TestCase(new[] { -1 }, 0)]
    [TestCase(new int[0], 2)]
    public void Write_ShapeNotMatchingData_ThrowsArgumentException(int[] shape, int length)
    {
        Assert.Throws<ArgumentException>(() => NpyFile.Write(new MemoryStream(), new double[length], shape));
        Assert.Throws<ArgumentException>(() => NpyFile.Write(_folder.File("x.npy"), new float[length], shape));
        Assert.That(_folder.FileNames(), Is.Empty);
    }

    [TestCase(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'X', 1, 0, 0, 0 }, "magic")]
    [TestCase(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 4, 0, 0, 0 }, "version 4.0")]
    [TestCase(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 1, 0, 0 }, "version 1.1")]
    [TestCase(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M' }, "truncated")]
    [TestCase(new byte[0], "truncated")]
    [TestCase(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 200, 0, (byte)'{' }, "truncated")]
    [TestCase(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xFF, 0xFF, 0xFF, 0xFF }, "exceeds the limit")]
    public void Read_BrokenPrelude_ThrowsEbmFormatException(byte[] bytes, string problem)
    {
        var error = Assert.Throws<EbmFormatException>(() => NpyFile.Read(new MemoryStream(bytes)));

        Assert.That(error.Message, Does.Contain(problem));
    }

    [TestCase(F4Header, 23, "truncated")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000, 4), }", 16, "truncated")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", 0, "negative")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296,), }", 0, "too large")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }", 0, "too many")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", 0, "too large for 64 bits")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }", 24, "not a tuple")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (6), }", 24, "not a tuple")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 'a'), }", 24, "not an integer")]
    [TestCase("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3), }", 24, "fortran_order")]
    [TestCase("{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3), }", 48, "unsupported dtype '<c8'")]
    [TestCase("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2, 3), }", 24, "structured")]
    [TestCase("{'descr': '<f4', 'shape': (2, 3), }", 24, "lacks the key 'fortran_order'")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}", 24, "unexpected key 'extra'")]
    [TestCase("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24, "duplicate key 'descr'")]
    [TestCase("{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3), }", 24, "malformed NPY header")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } x", 24, "after the dict")]
    [TestCase("['descr', '<f4']", 24, "expected a dict")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)", 24, "expected '}'")]
    [TestCase("{'descr': '<f4', 'fortran_order': Nope, 'shape': (2, 3), }", 24, "unsupported literal 'Nope'")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2.5, 3), }", 24, "malformed NPY header")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': ((((((((((((((((((1,),),),),),),),),),),),),),),),),),), }", 24, "nested deeper")]
    [TestCase("", 0, "expected a dict")]
    public void Read_BadHeader_ThrowsEbmFormatException(string header, int dataLength, string problem)
    {
        var error = Assert.Throws<EbmFormatException>(() => NpyFile.Read(new MemoryStream(NpyBytes(header, dataLength))));

        Assert.That(error.Message, Does.Contain(problem));
    }

    [Test]
    public void Read_Version3HeaderWithInvalidUtf8_ThrowsEbmFormatException()
    {
        var header = Encoding.ASCII.GetBytes(F4Header + "\n");
        header[^3] = 0xFF;
        var bytes = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 3, 0, (byte)header.Length, 0, 0, 0 }
            .Concat(header).Concat(new byte[24]).ToArray();

        var error = Assert.Throws<EbmFormatException>(() => NpyFile.Read(new MemoryStream(bytes)));

        Assert.That(error.Message, Does.Contain("UTF-8"));
    }

    [Test]
    public void Read_ZeroDimensionBesideHugeOnes_GivesEmptyArray()
    {
        var bytes = NpyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 2147483647, 0, 2147483647), }", 0);

        var array = NpyFile.Read(new MemoryStream(bytes));

        Assert.That(array.Length, Is.Zero);
    }

    [Test]
    public void Read_HeaderInPython2Style_IsAccepted()
    {
        var bytes = NpyBytes("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L, 3L)}", 24);

        var array = NpyFile.Read(new MemoryStream(bytes));

        Assert.That(array.Shape, Is.EqualTo(new[] { 2, 3 }));
    }

    // A version 1.0 file with the given header text (not padded) followed by dataLength zero bytes.
    private static byte[] NpyBytes(string header, int dataLength)
    {
        var text = Encoding.ASCII.GetBytes(header + "\n");
        var prelude = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0, 0 };
        BinaryPrimitives.WriteUInt16LittleEndian(prelude.AsSpan(8), (ushort)text.Length);
        return [.. prelude, .. text, .. new byte[dataLength]];
    }

    private static double[] RandomValues(int[] shape)
    {
        var random = new Random(shape.Length * 31 + 7);
        int count = shape.Aggregate(1, (product, dimension) => product * dimension);
        return Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 200) - 100).ToArray();
    }
}
