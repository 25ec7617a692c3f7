using System.Text;

namespace Ebm.Facade.IO;

/// <summary>
/// Parses the small subset of Python literals that NPY headers use: dicts with string keys, tuples,
/// lists, strings, integers, <c>True</c>, <c>False</c> and <c>None</c>.
/// </summary>
/// <remarks>
/// Values come back as <see cref="string"/>, <see cref="long"/>, <see cref="bool"/>, <see langword="null"/>,
/// <see cref="PythonTuple"/>, <see cref="List{T}"/> of objects and <see cref="Dictionary{TKey, TValue}"/>
/// from string to object. Anything else, duplicate keys, integers beyond 64 bits and nesting deeper than
/// <see cref="MaxDepth"/> are reported as an <see cref="EbmFormatException"/>.
/// </remarks>
internal sealed class PythonLiteralParser
{
    /// <summary>The deepest nesting of containers accepted.</summary>
    public const int MaxDepth = 16;

    private readonly string _text;
    private readonly string? _path;
    private int _position;

    private PythonLiteralParser(string text, string? path)
    {
        _text = text;
        _path = path;
    }

    /// <summary>Parses <paramref name="text"/>, which must hold one dict literal and nothing else but whitespace.</summary>
    /// <param name="text">The literal.</param>
    /// <param name="path">The file name for error messages.</param>
    public static Dictionary<string, object?> ParseDict(string text, string? path)
    {
        var parser = new PythonLiteralParser(text, path);
        parser.SkipWhitespace();
        if (parser.Peek() != '{')
        {
            throw parser.Fail("expected a dict starting with '{'");
        }

        var dict = (Dictionary<string, object?>)parser.ParseValue(0)!;
        parser.SkipWhitespace();
        if (parser._position != text.Length)
        {
            throw parser.Fail("unexpected text after the dict");
        }

        return dict;
    }

    private object? ParseValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Fail($"literals nested deeper than {MaxDepth} levels");
        }

        SkipWhitespace();
        char c = Peek();
        switch (c)
        {
            case '{':
                return ParseDictBody(depth);
            case '[':
                _position++;
                return ParseSequence(']', depth);
            case '(':
                return ParseParenthesised(depth);
            case '\'' or '"':
                return ParseString();
            case '-' or '+' or (>= '0' and <= '9'):
                return ParseInteger();
            default:
                return ParseKeyword();
        }
    }

    private Dictionary<string, object?> ParseDictBody(int depth)
    {
        _position++;
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return dict;
            }

            if (ParseValue(depth + 1) is not string key)
            {
                throw Fail("dict keys must be strings");
            }

            SkipWhitespace();
            Expect(':');
            if (!dict.TryAdd(key, ParseValue(depth + 1)))
            {
                throw Fail($"duplicate key '{key}'");
            }

            SkipWhitespace();
            if (!TryConsume(','))
            {
                Expect('}');
                return dict;
            }
        }
    }

    private object? ParseParenthesised(int depth)
    {
        _position++;
        SkipWhitespace();
        if (TryConsume(')'))
        {
            return new PythonTuple([]);
        }

        var first = ParseValue(depth + 1);
        SkipWhitespace();
        if (TryConsume(')'))
        {
            return first; // (x) is x, not a tuple
        }

        Expect(',');
        var rest = ParseSequence(')', depth);
        rest.Insert(0, first);
        return new PythonTuple(rest);
    }

    private List<object?> ParseSequence(char close, int depth)
    {
        var items = new List<object?>();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume(close))
            {
                return items;
            }

            items.Add(ParseValue(depth + 1));
            SkipWhitespace();
            if (!TryConsume(','))
            {
                Expect(close);
                return items;
            }
        }
    }

    private string ParseString()
    {
        char quote = _text[_position++];
        var value = new StringBuilder();
        while (true)
        {
            char c = Next("an unterminated string");
            if (c == quote)
            {
                return value.ToString();
            }

            if (c == '\\')
            {
                c = Next("an unterminated string");
                value.Append(c switch
                {
                    '\\' or '\'' or '"' => c,
                    'n' => '\n',
                    't' => '\t',
                    _ => throw Fail($"unsupported escape '\\{c}' in a string"),
                });
            }
            else if (c == '\n')
            {
                throw Fail("an unterminated string");
            }
            else
            {
                value.Append(c);
            }
        }
    }

    private long ParseInteger()
    {
        bool negative = _text[_position] == '-';
        if (_text[_position] is '-' or '+')
        {
            _position++;
        }

        int start = _position;
        long magnitude = 0;
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            int digit = _text[_position++] - '0';
            if (magnitude > (long.MaxValue - digit) / 10)
            {
                throw Fail("an integer too large for 64 bits");
            }

            magnitude = (magnitude * 10) + digit;
        }

        if (_position == start)
        {
            throw Fail("expected digits");
        }

        if (_position < _text.Length && _text[_position] is 'L' or 'l')
        {
            _position++; // Python 2 long suffix, as in (3L, 4L)
        }

        return negative ? -magnitude : magnitude;
    }

    private object? ParseKeyword()
    {
        int start = _position;
        while (_position < _text.Length && char.IsAsciiLetterOrDigit(_text[_position]))
        {
            _position++;
        }

        return _text[start.._position] switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ => throw Fail(_position == start ? "unexpected character" : $"unsupported literal '{_text[start.._position]}'", start),
        };
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private char Next(string problemAtEnd) => _position < _text.Length ? _text[_position++] : throw Fail(problemAtEnd);

    private bool TryConsume(char c)
    {
        if (Peek() != c)
        {
            return false;
        }

        _position++;
        return true;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
        {
            throw Fail($"expected '{c}'");
        }
    }

    private EbmFormatException Fail(string problem, int? at = null) =>
        new($"malformed NPY header: {problem} at character {at ?? _position} of \"{Excerpt()}\"", _path);

    private string Excerpt() => _text.Length <= 200 ? _text.TrimEnd() : string.Concat(_text.AsSpan(0, 200), "...");
}
