namespace Ebm.Facade.Models;

/// <summary>
/// The shape of a network a training run initialises: <see cref="MlpArchitecture"/> (<c>mlp:2-128-128-1[:silu]</c>) or
/// <see cref="ConvArchitecture"/> (<c>conv:1x28x28:16k3s2,…</c>).
/// </summary>
public abstract record NetworkArchitecture
{
    /// <summary>The dimension of a point.</summary>
    public abstract int Dimension { get; }

    /// <summary>A network of this shape with PyTorch's default initialisation, seeded.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="gaussianBase">A Gaussian base term, or null for none (MLPs only).</param>
    /// <returns>The network.</returns>
    public abstract NetworkSpec Initialize(ulong seed, GaussianBase? gaussianBase);

    /// <summary>Parses <c>mlp:…</c> or <c>conv:…</c>.</summary>
    /// <param name="text">The text form.</param>
    /// <returns>The architecture.</returns>
    /// <exception cref="ArgumentException">The text is malformed; the message shows both forms.</exception>
    public static NetworkArchitecture Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith(MlpArchitecture.Prefix + ":", StringComparison.Ordinal))
            return MlpArchitecture.Parse(text);
        if (text.StartsWith(ConvArchitecture.Prefix + ":", StringComparison.Ordinal))
            return ConvArchitecture.Parse(text);
        throw new ArgumentException($"a network is written mlp:2-128-128-1[:silu] or conv:1x28x28:16k3s2,32k3s2[:silu[:avg]]; got '{text}'", nameof(text));
    }
}
