namespace Ebm.Runtime.Accelerators;

/// <summary>Which accelerator to use: <c>auto</c>, a kind (<c>cpu</c>, <c>cuda</c>, <c>opencl</c>), or a kind and index (<c>cuda:1</c>).</summary>
/// <param name="Kind">The kind asked for; null for <c>auto</c>.</param>
/// <param name="Index">The index among devices of that kind; null for the best one of that kind.</param>
public readonly record struct AcceleratorRequest(AcceleratorKind? Kind, int? Index)
{
    /// <summary>The environment variable that overrides <c>auto</c> when no explicit request is made.</summary>
    public const string EnvironmentVariable = "EBM_ACCELERATOR";

    /// <summary>The request <c>auto</c>: CUDA, then an OpenCL GPU, then an OpenCL CPU device, then ILGPU's CPU accelerator.</summary>
    public static AcceleratorRequest Auto => default;

    /// <summary>True for <c>auto</c>.</summary>
    public bool IsAuto => Kind is null;

    /// <summary>Parses <c>auto|cpu|cuda|opencl</c>, optionally followed by <c>:index</c>.</summary>
    /// <param name="text">The text to parse (case-insensitive).</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException">The text names no accelerator kind or has a bad index.</exception>
    public static AcceleratorRequest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim().ToLowerInvariant();
        string[] parts = trimmed.Split(':');
        if (parts.Length > 2)
            throw Invalid(text);
        AcceleratorKind? kind = parts[0] switch
        {
            "auto" => null,
            "cpu" => AcceleratorKind.Cpu,
            "cuda" => AcceleratorKind.Cuda,
            "opencl" => AcceleratorKind.OpenCL,
            _ => throw Invalid(text),
        };
        if (parts.Length == 1)
            return new AcceleratorRequest(kind, null);
        if (kind is null || !int.TryParse(parts[1], out int index) || index < 0)
            throw Invalid(text);
        return new AcceleratorRequest(kind, index);
    }

    /// <summary>
    /// The explicit request if one is given, else <see cref="EnvironmentVariable"/> if set, else <c>auto</c>.
    /// </summary>
    /// <param name="explicitRequest">A request from the caller (a CLI option), or null.</param>
    /// <returns>The effective request.</returns>
    public static AcceleratorRequest Resolve(string? explicitRequest)
    {
        if (!string.IsNullOrWhiteSpace(explicitRequest))
            return Parse(explicitRequest);
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? Auto : Parse(fromEnvironment);
    }

    /// <summary>The lower-case name of a kind as written on the command line.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><c>cpu</c>, <c>cuda</c> or <c>opencl</c>.</returns>
    public static string KindName(AcceleratorKind kind) => kind switch
    {
        AcceleratorKind.Cpu => "cpu",
        AcceleratorKind.Cuda => "cuda",
        _ => "opencl",
    };

    /// <inheritdoc/>
    public override string ToString() => Kind is null
        ? "auto"
        : Index is null ? KindName(Kind.Value) : $"{KindName(Kind.Value)}:{Index}";

    private static ArgumentException Invalid(string text) => new(
        $"'{text}' is not an accelerator: use auto, cpu, cuda or opencl, optionally with an index such as cuda:1.",
        nameof(text));
}
