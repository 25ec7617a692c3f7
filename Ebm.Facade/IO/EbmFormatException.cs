namespace Ebm.Facade.IO;

/// <summary>
/// The one exception the file readers throw for malformed, truncated or unsupported content
/// (NPY and safetensors files, tensors of the wrong type or shape).
/// </summary>
/// <remarks>
/// It derives from <see cref="ArgumentException"/> because a bad file is a bad input.
/// The message names the file, when it is known, and the problem.
/// </remarks>
public sealed class EbmFormatException : ArgumentException
{
    /// <summary>Creates the exception for a problem found in <paramref name="path"/>.</summary>
    /// <param name="message">What is wrong with the content.</param>
    /// <param name="path">The file that holds the content, or <see langword="null"/> when unknown (a stream).</param>
    /// <param name="inner">The lower-level exception that revealed the problem, if any.</param>
    public EbmFormatException(string message, string? path = null, Exception? inner = null)
        : base(path is null ? message : $"{path}: {message}", inner)
    {
        FilePath = path;
    }

    /// <summary>The file that holds the bad content, or <see langword="null"/> when it was read from a stream.</summary>
    public string? FilePath { get; }
}
