using System.Text.Json;

namespace Ebm.Cli;

/// <summary>The JSON settings of every <c>--json</c> output.</summary>
public static class JsonOutput
{
    /// <summary>Indented, snake_case properties, NaN and infinities written as strings rather than failing.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
