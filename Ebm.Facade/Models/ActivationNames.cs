using Ebm.Kernels.Energies;

namespace Ebm.Facade.Models;

/// <summary>The names of the MLP activations in JSON specs, file metadata and on the command line.</summary>
/// <remarks>
/// <c>silu</c>, <c>softplus</c>, <c>tanh</c>, <c>leaky_relu</c> and <c>elu</c>: PyTorch's <c>nn.SiLU</c>,
/// <c>nn.Softplus</c>, <c>nn.Tanh</c>, <c>nn.LeakyReLU</c> and <c>nn.ELU</c> with their default constants.
/// </remarks>
public static class ActivationNames
{
    private static readonly (string Name, ActivationKind Kind)[] Table =
    [
        ("silu", ActivationKind.SiLU),
        ("softplus", ActivationKind.Softplus),
        ("tanh", ActivationKind.Tanh),
        ("leaky_relu", ActivationKind.LeakyRelu),
        ("elu", ActivationKind.Elu),
    ];

    /// <summary>Every name, in the order of <see cref="ActivationKind"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Table.Select(entry => entry.Name)];

    /// <summary>The activation called <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">A name from <see cref="All"/>.</param>
    /// <returns>The activation.</returns>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static ActivationKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (known, kind) in Table)
        {
            if (string.Equals(known, name.Trim(), StringComparison.OrdinalIgnoreCase))
                return kind;
        }
        throw new ArgumentException($"unknown activation '{name}'; known activations: {string.Join(", ", All)}", nameof(name));
    }

    /// <summary>The name of <paramref name="kind"/>.</summary>
    /// <param name="kind">The activation.</param>
    /// <returns>Its name, e.g. <c>leaky_relu</c>.</returns>
    public static string Name(ActivationKind kind)
    {
        foreach (var (name, known) in Table)
        {
            if (known == kind)
                return name;
        }
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an activation");
    }
}
