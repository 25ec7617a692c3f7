using System.Globalization;
using Ebm.Kernels.Energies;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Models;

/// <summary>The shape of an MLP energy: widths w₀ = d, …, 1 and the hidden activation; written <c>mlp:2-128-128-1[:silu]</c>.</summary>
public sealed record MlpArchitecture : NetworkArchitecture
{
    /// <summary>The prefix of the text form.</summary>
    public const string Prefix = "mlp";

    /// <summary>Creates and checks the architecture.</summary>
    /// <param name="layers">Widths w₀ = d, …, 1.</param>
    /// <param name="activation">The hidden activation.</param>
    public MlpArchitecture(IReadOnlyList<int> layers, ActivationKind activation = ActivationKind.SiLU)
    {
        ArgumentNullException.ThrowIfNull(layers);
        MlpDeviceEnergy.ParameterCountOf(layers); // names the count when the parameters would not fit one buffer
        MlpSpec.ValidateLayers(layers);
        Layers = [.. layers];
        Activation = activation;
    }

    /// <summary>w₀ … w_L.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>The hidden activation.</summary>
    public ActivationKind Activation { get; }

    /// <inheritdoc/>
    public override int Dimension => Layers[0];

    /// <inheritdoc/>
    public override NetworkSpec Initialize(ulong seed, GaussianBase? gaussianBase) => MlpSpec.Initialize(Layers, Activation, seed, gaussianBase);

    /// <summary>Parses <c>mlp:2-128-128-1</c> or <c>mlp:2-128-128-1:silu</c>.</summary>
    /// <param name="text">The text form.</param>
    /// <returns>The architecture.</returns>
    /// <exception cref="ArgumentException">The text is malformed.</exception>
    public static new MlpArchitecture Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0] != Prefix)
            throw new ArgumentException($"an MLP is written mlp:2-128-128-1 or mlp:2-128-128-1:silu; got '{text}'", nameof(text));
        int[] layers = [.. parts[1].Split('-').Select(width => int.TryParse(width, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ArgumentException($"MLP widths must be integers separated by '-', e.g. 2-128-128-1; got '{parts[1]}'", nameof(text)))];
        if (layers.Length < 2 || layers[^1] != 1 || layers.Any(width => width < 1))
            throw new ArgumentException($"MLP widths must be positive and end in 1; got '{parts[1]}'", nameof(text));
        return new MlpArchitecture(layers, parts.Length == 3 ? ActivationNames.Parse(parts[2]) : ActivationKind.SiLU);
    }

    /// <summary>The text form.</summary>
    /// <returns>E.g. <c>mlp:2-128-128-1:silu</c>.</returns>
    public override string ToString() => $"{Prefix}:{string.Join("-", Layers)}:{ActivationNames.Name(Activation)}";

    /// <inheritdoc/>
    public bool Equals(MlpArchitecture? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc/>
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
