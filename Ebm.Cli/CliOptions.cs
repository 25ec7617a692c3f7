using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Ebm.Cli;

/// <summary>Options shared by several commands, and numeric options that check their range while parsing.</summary>
/// <remarks>A value that does not parse or is out of range is a parse error: one line naming the option, exit code 2.</remarks>
internal static class CliOptions
{
    /// <summary><c>--model SPEC</c>, required.</summary>
    public static Option<string> Model() => new("--model")
    {
        Description = "The JSON model spec (see the README).",
        Required = true,
        HelpName = "SPEC",
    };

    /// <summary><c>--accelerator A</c>.</summary>
    public static Option<string?> Accelerator() => new("--accelerator")
    {
        Description = "auto, cpu, cuda or opencl, optionally with an index (cuda:1); default EBM_ACCELERATOR or auto.",
        HelpName = "A",
    };

    /// <summary><c>--json</c>.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of text." };

    /// <summary>A file path option.</summary>
    public static Option<string> File(string name, string description, bool required, string helpName = "FILE") => new(name)
    {
        Description = description,
        Required = required,
        HelpName = helpName,
    };

    /// <summary>An integer option of at least <paramref name="minimum"/>; required when <paramref name="fallback"/> is null.</summary>
    public static Option<int> Integer(string name, string description, int minimum, int? fallback)
    {
        var option = new Option<int>(name) { Description = description, Required = fallback is null, HelpName = "N" };
        if (fallback is int value)
            option.DefaultValueFactory = _ => value;
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
                return fallback ?? 0;
            string text = result.Tokens[0].Value;
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed))
                return Fail<int>(result, $"{name} must be an integer; got '{text}'");
            if (parsed < minimum)
                return Fail<int>(result, $"{name} must be at least {minimum}; got {parsed}");
            return parsed;
        };
        return option;
    }

    /// <summary>A positive, finite float option; optional (null when absent).</summary>
    public static Option<float?> PositiveFloat(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "X",
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
                return null;
            string text = result.Tokens[0].Value;
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float parsed) || !float.IsFinite(parsed))
                return Fail<float?>(result, $"{name} must be a finite number; got '{text}'");
            if (!(parsed > 0))
                return Fail<float?>(result, $"{name} must be positive; got {text}");
            return parsed;
        },
    };

    /// <summary>A probability option in [0, 1] with a default.</summary>
    public static Option<double> Probability(string name, string description, double fallback) => new(name)
    {
        Description = description,
        HelpName = "P",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) || !(parsed is >= 0 and <= 1))
                return Fail<double>(result, $"{name} must be a probability between 0 and 1; got '{text}'");
            return parsed;
        },
    };

    /// <summary>A positive, finite number or <c>none</c>, with a default; read it with <see cref="PositiveOrNoneValue"/>.</summary>
    public static Option<string> PositiveOrNone(string name, string description, double? fallback)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = "X|none",
            DefaultValueFactory = _ => fallback?.ToString(CultureInfo.InvariantCulture) ?? "none",
        };
        option.Validators.Add(result =>
        {
            string text = result.Tokens.Count == 0 ? "none" : result.Tokens[0].Value;
            if (!string.Equals(text, "none", StringComparison.OrdinalIgnoreCase) && PositiveOrNoneValue(text) is null)
                result.AddError($"{name} must be a positive number or 'none'; got '{text}'");
        });
        return option;
    }

    /// <summary>The number in a <see cref="PositiveOrNone"/> value, or null for <c>none</c> (or anything else).</summary>
    public static double? PositiveOrNoneValue(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && parsed > 0 && double.IsFinite(parsed)
            ? parsed
            : null;

    /// <summary>An unsigned 64-bit integer option with a default.</summary>
    public static Option<ulong> Seed(string name, string description, ulong fallback) => new(name)
    {
        Description = description,
        HelpName = "S",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
                return fallback;
            string text = result.Tokens[0].Value;
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong parsed)
                ? parsed
                : Fail<ulong>(result, $"{name} must be an integer between 0 and {ulong.MaxValue}; got '{text}'");
        },
    };

    private static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
