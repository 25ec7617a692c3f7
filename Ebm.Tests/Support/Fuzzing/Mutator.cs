using System.Text;

namespace Ebm.Tests.Support.Fuzzing;

/// <summary>
/// Random edits of a valid file: bytes flipped, set, inserted, deleted, duplicated or cut off; the header's length field
/// rewritten; one token of the text header (a number, string or literal) replaced by a hostile value, with the length
/// field kept consistent so that the edit reaches the parser behind it; or one value of the binary payload replaced
/// by NaN, an infinity or an extreme.
/// </summary>
/// <param name="random">The seeded source of every choice.</param>
/// <param name="frame">Where the header of a file is.</param>
internal sealed class Mutator(Random random, Func<byte[], HeaderFrame> frame)
{
    private static readonly byte[] InterestingBytes = [.. "(),-9\"'[]{}:.Le \n\0"u8, 0x7F, 0x80, 0xFF, 0xC3, 0x1B];

    // Values a hostile or careless writer puts where a number, string or sub-document belongs.
    private static readonly string[] InterestingTokens =
    [
        "0", "-0", "-1", "0.5", "1e9", "1000000000", "2147483647", "2147483648", "-2147483649", "4294967296",
        "9223372036854775807", "18446744073709551616", "1e18", "1e-18", "3.5e38", "1e39", "1e-46", "1e308", "-1e308",
        "1e-308", "4e-324", "1e400", "NaN", "Infinity", "-Infinity", "null", "true", "False", "None", "[]", "{}", "[[]]",
        "[1, 2]", "[[1, 2], [3, 4]]", "[0, 18446744073709551615]", "\"\"", "\"x\"", "'<f4'", "'>f8'", "\"F16\"", "\"I64\"",
        "\"\\u001b[2J\\u001b[31m\"", "\"/dev/zero\"", "\"../../nope.safetensors\"", "\"" + new string('a', 5000) + "\"",
        new string('[', 300) + new string(']', 300), "{\"a\": {\"a\": {\"a\": {}}}}",
    ];

    private static readonly byte[][] InterestingValues =
    [
        BitConverter.GetBytes(float.NaN), BitConverter.GetBytes(float.PositiveInfinity), BitConverter.GetBytes(float.NegativeInfinity),
        BitConverter.GetBytes(-0f), BitConverter.GetBytes(0f), BitConverter.GetBytes(-1f), BitConverter.GetBytes(float.MaxValue),
        BitConverter.GetBytes(float.Epsilon), BitConverter.GetBytes(int.MaxValue), BitConverter.GetBytes(int.MinValue),
        BitConverter.GetBytes(double.NaN), BitConverter.GetBytes(double.PositiveInfinity), BitConverter.GetBytes(1e308),
        BitConverter.GetBytes(-1.0), BitConverter.GetBytes(long.MaxValue), BitConverter.GetBytes(long.MinValue), BitConverter.GetBytes(1L << 62),
    ];

    /// <summary>Applies one to three random edits to <paramref name="original"/>.</summary>
    /// <returns>The mutant and a description of the edits, to reproduce a failure.</returns>
    public (byte[] Bytes, string Description) Mutate(byte[] original)
    {
        var bytes = original;
        var applied = new List<string>();
        for (int edits = random.Next(1, 4); edits > 0; edits--)
        {
            (bytes, string description) = MutateOnce(bytes);
            applied.Add(description);
        }
        return (bytes, string.Join("; ", applied));
    }

    private (byte[] Bytes, string Description) MutateOnce(byte[] original)
    {
        var bytes = original.ToList();
        // Positions favour the first 512 bytes, where the headers are.
        int Position(int extra = 0) => random.Next(Math.Max(1, random.Next(4) == 0 ? bytes.Count + extra : Math.Min(bytes.Count + extra, 512)));
        switch (random.Next(10))
        {
            case 0:
            {
                int at = Position();
                if (bytes.Count > 0)
                    bytes[at] ^= (byte)(1 << random.Next(8));
                return ([.. bytes], $"flip a bit at {at}");
            }
            case 1:
            {
                int at = Position();
                byte value = random.Next(2) == 0 ? (byte)random.Next(256) : InterestingBytes[random.Next(InterestingBytes.Length)];
                if (bytes.Count > 0)
                    bytes[at] = value;
                return ([.. bytes], $"set byte {at} to 0x{value:X2}");
            }
            case 2:
            {
                int length = random.Next(bytes.Count + 1);
                return ([.. bytes.Take(length)], $"truncate to {length}");
            }
            case 3:
            {
                int at = Math.Min(Position(1), bytes.Count);
                byte[] inserted = [.. Enumerable.Range(0, random.Next(1, 17)).Select(_ => InterestingBytes[random.Next(InterestingBytes.Length)])];
                bytes.InsertRange(at, inserted);
                return ([.. bytes], $"insert {inserted.Length} bytes at {at}");
            }
            case 4:
            {
                int at = Math.Min(Position(), bytes.Count);
                int count = Math.Min(random.Next(1, 33), bytes.Count - at);
                bytes.RemoveRange(at, count);
                return ([.. bytes], $"delete {count} bytes at {at}");
            }
            case 5:
            {
                int at = Math.Min(Position(), bytes.Count);
                int count = Math.Min(random.Next(1, 65), bytes.Count - at);
                var copy = bytes.GetRange(at, count);
                bytes.InsertRange(Position(1) % (bytes.Count + 1), copy);
                return ([.. bytes], $"duplicate {count} bytes from {at}");
            }
            case 6:
                return EditLengthField(original);
            case 7:
            case 8:
                return ReplaceToken(original);
            default:
                return OverwriteValue(original);
        }
    }

    private (byte[] Bytes, string Description) EditLengthField(byte[] original)
    {
        var header = frame(original);
        if (header.LengthBytes == 0 || original.Length < header.LengthOffset + header.LengthBytes)
            return (original, "no length field");
        byte[] bytes = [.. original];
        ulong old = (ulong)(header.HeaderLength(bytes) ?? 0);
        ulong value = random.Next(3) switch
        {
            0 => old + (ulong)random.Next(-16, 17),
            1 => (ulong)random.NextInt64(),
            _ => ulong.MaxValue - (ulong)random.Next(16),
        };
        header.WriteLength(bytes, value);
        return (bytes, $"set the header length to {value}");
    }

    // Replaces one token of the header text and moves the payload along, so the length field still frames the header.
    private (byte[] Bytes, string Description) ReplaceToken(byte[] original)
    {
        var header = frame(original);
        if (header.HeaderLength(original) is not int length)
            return (original, "no header to edit");
        string text = Encoding.UTF8.GetString(original, header.HeaderStart, length);
        var tokens = Tokens(text);
        if (tokens.Count == 0)
            return (original, "no token in the header");
        var (start, count) = tokens[random.Next(tokens.Count)];
        string replacement = InterestingTokens[random.Next(InterestingTokens.Length)];
        string edited = string.Concat(text.AsSpan(0, start), replacement, text.AsSpan(start + count));
        byte[] editedBytes = Encoding.UTF8.GetBytes(edited);
        byte[] bytes = [.. original.AsSpan(0, header.HeaderStart), .. editedBytes, .. original.AsSpan(header.HeaderStart + length)];
        if (header.LengthBytes > 0)
            header.WriteLength(bytes, (ulong)editedBytes.Length);
        string shown = replacement.Length > 40 ? replacement[..40] + "…" : replacement;
        return (bytes, $"replace header token '{(count > 40 ? text.Substring(start, 40) + "…" : text.Substring(start, count))}' at {start} with '{shown}'");
    }

    private (byte[] Bytes, string Description) OverwriteValue(byte[] original)
    {
        var header = frame(original);
        int payload = header.LengthBytes == 0 ? original.Length : header.HeaderStart + (header.HeaderLength(original) ?? 0);
        byte[] value = InterestingValues[random.Next(InterestingValues.Length)];
        int slots = (original.Length - payload) / value.Length;
        if (slots <= 0)
            return (original, "no payload to edit");
        int at = payload + value.Length * random.Next(slots);
        byte[] bytes = [.. original];
        value.CopyTo(bytes, at);
        return (bytes, $"write 0x{Convert.ToHexString(value)} at {at}");
    }

    // Numbers, quoted strings and bare words of a JSON document or a Python dict literal, as (start, length).
    private static List<(int Start, int Length)> Tokens(string text)
    {
        var tokens = new List<(int, int)>();
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            int start = i;
            if (c is '"' or '\'')
            {
                for (i++; i < text.Length && text[i] != c; i++)
                {
                    if (text[i] == '\\')
                        i++;
                }
                i = Math.Min(i + 1, text.Length);
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '-' or '+' or '.')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '+' or '.'))
                    i++;
            }
            else
            {
                i++;
                continue;
            }
            tokens.Add((start, i - start));
        }
        return tokens;
    }
}
