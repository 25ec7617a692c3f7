namespace Ebm.Facade.Models;

/// <summary>A JSON model spec (or the parameter file it names) is malformed, incomplete or describes an invalid energy.</summary>
/// <remarks>
/// It derives from <see cref="ArgumentException"/> because a bad spec is a bad input: the CLI maps it to exit code 2.
/// The message starts with the spec file's path, when there is one, and names the field and the problem.
/// </remarks>
public sealed class InvalidModelSpecException : ArgumentException
{
    /// <summary>Creates the exception for a problem found in the spec at <paramref name="specPath"/>.</summary>
    /// <param name="message">What is wrong, naming the field.</param>
    /// <param name="specPath">The spec file, or <see langword="null"/> for a spec parsed from a string.</param>
    /// <param name="inner">The lower-level exception that revealed the problem, if any.</param>
    public InvalidModelSpecException(string message, string? specPath = null, Exception? inner = null)
        : base(specPath is null ? $"model spec: {message}" : $"model spec {specPath}: {message}", inner)
    {
        SpecPath = specPath;
    }

    /// <summary>The spec file, or <see langword="null"/> for a spec parsed from a string.</summary>
    public string? SpecPath { get; }
}
