namespace Ebm.Facade.Models;

/// <summary>A model read from a JSON spec or a saved model file: a continuous energy (<see cref="Continuous"/>) or a discrete one (<see cref="Discrete"/>), exactly one of the two.</summary>
public sealed class ModelDefinition
{
    /// <summary>Wraps a continuous energy.</summary>
    /// <param name="continuous">The spec.</param>
    public ModelDefinition(EnergySpec continuous) => Continuous = continuous ?? throw new ArgumentNullException(nameof(continuous));

    /// <summary>Wraps a discrete energy.</summary>
    /// <param name="discrete">The spec.</param>
    public ModelDefinition(DiscreteSpec discrete) => Discrete = discrete ?? throw new ArgumentNullException(nameof(discrete));

    /// <summary>The continuous energy (sampled with ULA, MALA, HMC, RWMH), or null.</summary>
    public EnergySpec? Continuous { get; }

    /// <summary>The discrete energy over binary units (sampled with Gibbs), or null.</summary>
    public DiscreteSpec? Discrete { get; }

    /// <summary>Whether the model is discrete.</summary>
    public bool IsDiscrete => Discrete is not null;

    /// <summary>
    /// The full paths of the files a spec names and the model was read from (an MLP's or RBM's parameters file), so
    /// that a command can refuse to overwrite them; empty for a spec without one and for a saved model file.
    /// </summary>
    public IReadOnlyList<string> ParameterFiles { get; init; } = [];

    /// <summary>The kind, as written in the spec's <c>energy</c> field.</summary>
    public string Kind => Continuous?.Kind ?? Discrete!.Kind;
}
