using System.Buffers.Binary;
using Ebm.Facade.IO;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.IO;

/// <summary>
/// Mutates valid files at random (fixed seeds) and checks that the readers either succeed or throw
/// <see cref="EbmFormatException"/>: never another exception type, an out-of-memory or a hang.
/// </summary>
[TestFixture]
public sealed class FileFormatFuzzTests
{
    private const int MutantsPerFormat = 3000;

    private static readonly byte[] Interesting = "(),-9\"'[]{}:.Le \n\0"u8.ToArray().Concat(new byte[] { 0x7F, 0x80, 0xFF, 0xC3 }).ToArray();

    [Test]
    public void NpyReader_OnMutatedFiles_SucceedsOrThrowsEbmFormatException()
    {
        string[] fixtures = ["f4_2x3.npy", "f8_2x3x4.npy", "f8_scalar.npy", "f4_2x3_v3.npy", "f4_empty_0x3.npy"];
        var seeds = fixtures.Select(name => File.ReadAllBytes(FixturePath.Of("npy/" + name))).ToList();
        using var written = new MemoryStream();
        NpyFile.Write(written, Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), [2, 1, 3, 4]);
        seeds.Add(written.ToArray());

        Fuzz(seeds, bytes => NpyFile.Read(new MemoryStream(bytes)), seed: 20240601, headerLengthField: (8, 2));
    }

    [Test]
    public void SafeTensorsReader_OnMutatedFiles_SucceedsOrThrowsEbmFormatException()
    {
        var content = new SafeTensors();
        content.Add("w", SafeTensor.FromDouble([1.0, 2.0, 3.0, 4.0], 2, 2));
        content.Add("step", SafeTensor.FromInt64([12]));
        content.Metadata["seed"] = "7";
        using var written = new MemoryStream();
        SafeTensorsFile.Write(written, content);
        List<byte[]> seeds = [File.ReadAllBytes(FixturePath.Of("safetensors/mixed.safetensors")), written.ToArray()];

        Fuzz(seeds, bytes => SafeTensorsFile.Read(new MemoryStream(bytes)), seed: 20240602, headerLengthField: (0, 8));
    }

    private static void Fuzz(List<byte[]> seeds, Action<byte[]> read, int seed, (int Offset, int Length) headerLengthField)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        int accepted = 0, rejected = 0;
        for (int i = 0; i < MutantsPerFormat; i++)
        {
            var bytes = seeds[i % seeds.Count];
            int mutations = random.Next(1, 4);
            var applied = new List<string>();
            for (int m = 0; m < mutations; m++)
            {
                (bytes, string description) = Mutate(bytes, random, headerLengthField);
                applied.Add(description);
            }

            try
            {
                read(bytes);
                accepted++;
            }
            catch (EbmFormatException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                failures.Add($"mutant {i} ({string.Join("; ", applied)}): {e.GetType().Name}: {e.Message}");
            }
        }

        TestContext.Out.WriteLine($"{accepted} mutants accepted, {rejected} rejected, {failures.Count} failed");
        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures.Take(20)));
        Assert.That(accepted, Is.Positive, "no mutant was accepted: the mutations never leave a valid file");
        Assert.That(rejected, Is.Positive, "no mutant was rejected");
    }

    // One random edit; positions favour the first 512 bytes, where the headers are.
    private static (byte[] Bytes, string Description) Mutate(byte[] original, Random random, (int Offset, int Length) lengthField)
    {
        var bytes = original.ToList();
        int Position(int extra = 0) => random.Next(Math.Max(1, random.Next(4) == 0 ? bytes.Count + extra : Math.Min(bytes.Count + extra, 512)));
        switch (random.Next(7))
        {
            case 0:
            {
                int at = Position();
                if (bytes.Count > 0)
                {
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }

                return (bytes.ToArray(), $"flip a bit at {at}");
            }

            case 1:
            {
                int at = Position();
                byte value = random.Next(2) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
                if (bytes.Count > 0)
                {
                    bytes[at] = value;
                }

                return (bytes.ToArray(), $"set byte {at} to 0x{value:X2}");
            }

            case 2:
            {
                int length = random.Next(bytes.Count + 1);
                return (bytes.Take(length).ToArray(), $"truncate to {length}");
            }

            case 3:
            {
                int at = Position(1);
                var inserted = Enumerable.Range(0, random.Next(1, 17)).Select(_ => Interesting[random.Next(Interesting.Length)]).ToArray();
                bytes.InsertRange(Math.Min(at, bytes.Count), inserted);
                return (bytes.ToArray(), $"insert {inserted.Length} bytes at {at}");
            }

            case 4:
            {
                int at = Position();
                int count = Math.Min(random.Next(1, 33), bytes.Count - Math.Min(at, bytes.Count));
                bytes.RemoveRange(Math.Min(at, bytes.Count), count);
                return (bytes.ToArray(), $"delete {count} bytes at {at}");
            }

            case 5:
            {
                int at = Position();
                int count = Math.Min(random.Next(1, 65), bytes.Count - Math.Min(at, bytes.Count));
                var copy = bytes.GetRange(Math.Min(at, bytes.Count), count);
                bytes.InsertRange(Position(1) % (bytes.Count + 1), copy);
                return (bytes.ToArray(), $"duplicate {count} bytes from {at}");
            }

            default:
                return EditLengthField(bytes.ToArray(), random, lengthField);
        }
    }

    private static (byte[] Bytes, string Description) EditLengthField(byte[] bytes, Random random, (int Offset, int Length) field)
    {
        if (bytes.Length < field.Offset + field.Length)
        {
            return (bytes, "length field absent");
        }

        var span = bytes.AsSpan(field.Offset, field.Length);
        ulong old = field.Length == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span);
        ulong value = random.Next(3) switch
        {
            0 => old + (ulong)random.Next(-16, 17),
            1 => (ulong)random.NextInt64(),
            _ => ulong.MaxValue - (ulong)random.Next(16),
        };
        if (field.Length == 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        }

        return (bytes, $"set the header length to {value}");
    }
}
