using System.Buffers.Binary;
using System.Text;
using Ebm.Facade.IO;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.IO;

[TestFixture]
public sealed class SafeTensorsFileTests
{
    private const string ValidEntry = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    private TemporaryFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TemporaryFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public void Read_PythonWrittenFixture_GivesEveryTensorAndTheMetadata()
    {
        var content = SafeTensorsFile.Read(FixturePath.Of("safetensors/mixed.safetensors"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(content.Names, Is.EqualTo(new[] { "bias", "counts", "empty", "ids", "scalar", "weight" }));
            Assert.That(content.Metadata, Is.EquivalentTo(new Dictionary<string, string> { ["format"] = "ebm-test", ["step"] = "42" }));
            Assert.That(content.Get("bias", 3).ToDouble(), Is.EqualTo(new[] { 0.5, -1.25, 2.0 }));
            Assert.That(content.Get("counts", 2).ToInt64(), Is.EqualTo(new[] { -3L, 1L << 40 }));
            Assert.That(content.Get("empty", 0, 4).ElementCount, Is.Zero);
            Assert.That(content.Get("ids", 2, 2).ToUInt32(), Is.EqualTo(new[] { 0u, 1u, 4_000_000_000u, 7u }));
            Assert.That(content.Get("scalar").ToInt32(), Is.EqualTo(new[] { -7 }));
            Assert.That(content.Get("weight", 2, 3).ToSingle(), Is.EqualTo(new[] { -1f, -0.5f, 0f, 0.5f, 1f, 1.5f }));
            Assert.That(content["weight"].DType, Is.EqualTo(SafeTensorDType.F32));
        }
    }

    [Test]
    public void Write_SameContentAsPythonFixture_GivesIdenticalBytes()
    {
        var content = new SafeTensors();
        content.Add("weight", SafeTensor.FromSingle([-1f, -0.5f, 0f, 0.5f, 1f, 1.5f], 2, 3));
        content.Add("scalar", SafeTensor.FromInt32([-7]));
        content.Add("ids", SafeTensor.FromUInt32([0u, 1u, 4_000_000_000u, 7u], 2, 2));
        content.Add("empty", SafeTensor.FromSingle([], 0, 4));
        content.Add("counts", SafeTensor.FromInt64([-3L, 1L << 40], 2));
        content.Add("bias", SafeTensor.FromDouble([0.5, -1.25, 2.0], 3));
        content.Metadata["step"] = "42";
        content.Metadata["format"] = "ebm-test";
        string path = _folder.File("mixed.safetensors");

        SafeTensorsFile.Write(path, content);

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(File.ReadAllBytes(FixturePath.Of("safetensors/mixed.safetensors"))));
    }

    [Test]
    public void Write_OneTensor_GivesKnownLayoutWithHeaderPaddedTo8Bytes()
    {
        var content = new SafeTensors();
        content.Add("a", SafeTensor.FromSingle([1f, 2f], 2));
        using var stream = new MemoryStream();

        SafeTensorsFile.Write(stream, content);

        var json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  "u8.ToArray();
        byte[] expected = [56, 0, 0, 0, 0, 0, 0, 0, .. json, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40];
        Assert.That(stream.ToArray(), Is.EqualTo(expected));
    }

    [TestCase(SafeTensorDType.F32)]
    [TestCase(SafeTensorDType.F64)]
    [TestCase(SafeTensorDType.I32)]
    [TestCase(SafeTensorDType.U32)]
    [TestCase(SafeTensorDType.I64)]
    public void WriteThenRead_EachDTypeAndRank_RoundTrips(SafeTensorDType dtype)
    {
        int[][] shapes = [[], [5], [2, 3], [2, 3, 4], [1, 2, 1, 3]];
        var content = new SafeTensors();
        for (int rank = 0; rank < shapes.Length; rank++)
        {
            content.Add($"t{rank}", MakeTensor(dtype, shapes[rank], seed: rank));
        }

        content.Metadata["model"] = "{\"kind\": \"mlp\", \"sizes\": [2, 64, 1]} – ü";
        string path = _folder.File("round-trip.safetensors");

        SafeTensorsFile.Write(path, content);
        var read = SafeTensorsFile.Read(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Metadata, Is.EquivalentTo(content.Metadata));
            Assert.That(read.Names, Is.EqualTo(content.Names));
            foreach (string name in content.Names)
            {
                Assert.That(read[name].DType, Is.EqualTo(dtype));
                Assert.That(read[name].Shape, Is.EqualTo(content[name].Shape));
                Assert.That(read[name].Data.ToArray(), Is.EqualTo(content[name].Data.ToArray()));
            }
        }
    }

    [Test]
    public void TypedAccessors_ReturnFactoryValues()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SafeTensor.FromSingle([1.5f, -2f], 2).ToSingle(), Is.EqualTo(new[] { 1.5f, -2f }));
            Assert.That(SafeTensor.FromDouble([1e300], 1).ToDouble(), Is.EqualTo(new[] { 1e300 }));
            Assert.That(SafeTensor.FromInt32([int.MinValue], 1).ToInt32(), Is.EqualTo(new[] { int.MinValue }));
            Assert.That(SafeTensor.FromUInt32([uint.MaxValue], 1).ToUInt32(), Is.EqualTo(new[] { uint.MaxValue }));
            Assert.That(SafeTensor.FromInt64([long.MinValue], 1).ToInt64(), Is.EqualTo(new[] { long.MinValue }));
            Assert.That(SafeTensor.FromSingle([0.25f], 1).ToDouble(), Is.EqualTo(new[] { 0.25 }));
            Assert.That(SafeTensor.FromDouble([0.1], 1).ToSingle(), Is.EqualTo(new[] { 0.1f }));
        }
    }

    [Test]
    public void Accessor_ForAnotherDType_ThrowsNamingBoth()
    {
        var tensor = SafeTensor.FromInt32([1, 2], 2);

        var error = Assert.Throws<EbmFormatException>(() => tensor.ToSingle());
        Assert.That(error.Message, Does.Contain("I32").And.Contain("F32"));
        Assert.Throws<EbmFormatException>(() => tensor.ToInt64());
        Assert.Throws<EbmFormatException>(() => SafeTensor.FromInt64([1], 1).ToDouble());
        Assert.Throws<EbmFormatException>(() => SafeTensor.FromSingle([1], 1).ToUInt32());
    }

    [Test]
    public void Get_WrongShapeOrMissingTensor_ThrowsNamingTensorAndShapes()
    {
        var content = new SafeTensors();
        content.Add("weight", SafeTensor.FromSingle(new float[6], 2, 3));

        var wrongShape = Assert.Throws<EbmFormatException>(() => content.Get("weight", 3, 2));
        var missing = Assert.Throws<EbmFormatException>(() => content.Get("bias", 3));

        Assert.That(wrongShape.Message, Does.Contain("'weight'").And.Contain("[2, 3]").And.Contain("[3, 2]"));
        Assert.That(missing.Message, Does.Contain("'bias'").And.Contain("weight"));
        Assert.Throws<KeyNotFoundException>(() => _ = content["bias"]);
        Assert.That(content.TryGet("bias", out _), Is.False);
        Assert.That(content.TryGet("weight", out var found) && found.ElementCount == 6, Is.True);
    }

    [Test]
    public void Add_DuplicateOrReservedName_ThrowsArgumentException()
    {
        var content = new SafeTensors();
        content.Add("a", SafeTensor.FromInt32([1], 1));

        Assert.Throws<ArgumentException>(() => content.Add("a", SafeTensor.FromInt32([2], 1)));
        Assert.Throws<ArgumentException>(() => content.Add("__metadata__", SafeTensor.FromInt32([2], 1)));
        Assert.That(content.Count, Is.EqualTo(1));
    }

    [Test]
    public void Factory_ShapeNotMatchingData_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => SafeTensor.FromSingle([1f, 2f, 3f], 2, 2));
        Assert.Throws<ArgumentException>(() => SafeTensor.FromDouble([1.0, 2.0], 2, -1));
        Assert.Throws<ArgumentException>(() => SafeTensor.FromInt64([1L, 2L]));
    }

    [Test]
    public void Read_ForwardOnlyStream_Works()
    {
        var bytes = File.ReadAllBytes(FixturePath.Of("safetensors/mixed.safetensors"));

        var content = SafeTensorsFile.Read(new ForwardOnlyStream(bytes));

        Assert.That(content.Get("ids", 2, 2).ToUInt32()[2], Is.EqualTo(4_000_000_000u));
    }

    [Test]
    public void Read_GapsBetweenTensorsAndUnknownKeys_AreTolerated()
    {
        string json = "{\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[4,8],\"note\":{\"x\":[1,2]}}}";

        var content = SafeTensorsFile.Read(new MemoryStream(FileBytes(json, 12)));

        Assert.That(content.Get("a", 1).ToInt32(), Is.EqualTo(new[] { 0 }));
    }

    [TestCase("{" + ValidEntry + "}", 7, "past the data buffer")]
    [TestCase("{" + ValidEntry + ",\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16, "names 'w' twice")]
    [TestCase("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "unsupported dtype 'BF16'")]
    [TestCase("{\"w\":{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "unsupported dtype 'f32'")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "non-negative integer")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8, "non-negative integer")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,12]}}", 12, "need 8 bytes")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", 8, "too large")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,0]}}", 8, "too large")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "begin <= end")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,16]}}", 16, "[begin, end]")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,18446744073709551616]}}", 8, "non-negative integer")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "needs 'dtype', 'shape' and 'data_offsets'")]
    [TestCase("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "'dtype' appears twice")]
    [TestCase("{\"w\":[1,2]}", 8, "not a JSON object")]
    [TestCase("{" + ValidEntry + ",\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "overlap")]
    [TestCase("{\"__metadata__\":{\"step\":42}," + ValidEntry + "}", 8, "metadata 'step' is not a string")]
    [TestCase("{\"__metadata__\":[\"a\"]," + ValidEntry + "}", 8, "'__metadata__' is not a JSON object")]
    [TestCase("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}," + ValidEntry + "}", 8, "metadata 'a' appears twice")]
    [TestCase("[" + ValidEntry + "]", 8, "not a JSON object")]
    [TestCase("{" + ValidEntry, 8, "not valid JSON")]
    [TestCase("{" + ValidEntry + "} {}", 8, "not valid JSON")]
    [TestCase("{'w': 1}", 8, "not valid JSON")]
    [TestCase("", 8, "not valid JSON")]
    public void Read_BadHeader_ThrowsEbmFormatException(string json, int dataLength, string problem)
    {
        var error = Assert.Throws<EbmFormatException>(() => SafeTensorsFile.Read(new MemoryStream(FileBytes(json, dataLength))));

        Assert.That(error.Message, Does.Contain(problem));
    }

    [TestCase(1000UL, "truncated")]
    [TestCase(100_000_001UL, "exceeds the limit")]
    [TestCase(ulong.MaxValue, "exceeds the limit")]
    public void Read_BadHeaderLength_ThrowsEbmFormatException(ulong headerLength, string problem)
    {
        var bytes = FileBytes("{" + ValidEntry + "}", 8);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength);

        var error = Assert.Throws<EbmFormatException>(() => SafeTensorsFile.Read(new MemoryStream(bytes)));

        Assert.That(error.Message, Does.Contain(problem));
    }

    [Test]
    public void Read_FileShorterThanLengthField_ThrowsEbmFormatException()
    {
        string path = _folder.File("short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);

        var error = Assert.Throws<EbmFormatException>(() => SafeTensorsFile.Read(path));

        Assert.That(error.Message, Does.Contain("truncated").And.Contain(path));
    }

    [Test]
    public void Read_InvalidUtf8InHeader_ThrowsEbmFormatException()
    {
        var bytes = FileBytes("{\"w\u00e9\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        bytes[8 + 3] = 0xC3;
        bytes[8 + 4] = 0x28; // an invalid two-byte sequence

        Assert.Throws<EbmFormatException>(() => SafeTensorsFile.Read(new MemoryStream(bytes)));
    }

    private static SafeTensor MakeTensor(SafeTensorDType dtype, int[] shape, int seed)
    {
        var random = new Random(seed);
        int count = shape.Aggregate(1, (product, dimension) => product * dimension);
        var values = Enumerable.Range(0, count).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToArray();
        return dtype switch
        {
            SafeTensorDType.F32 => SafeTensor.FromSingle(values.Select(value => (float)value / long.MaxValue).ToArray(), shape),
            SafeTensorDType.F64 => SafeTensor.FromDouble(values.Select(value => (double)value / long.MaxValue).ToArray(), shape),
            SafeTensorDType.I32 => SafeTensor.FromInt32(values.Select(value => (int)value).ToArray(), shape),
            SafeTensorDType.U32 => SafeTensor.FromUInt32(values.Select(value => (uint)value).ToArray(), shape),
            _ => SafeTensor.FromInt64(values, shape),
        };
    }

    // A file with the given JSON header (unpadded) and dataLength zero bytes of data.
    private static byte[] FileBytes(string json, int dataLength)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        return [.. length, .. header, .. new byte[dataLength]];
    }
}
