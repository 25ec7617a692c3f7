namespace Ebm.Kernels.Energies;

/// <summary>Hidden-layer activations of the MLP energy, with PyTorch's default constants.</summary>
public enum ActivationKind
{
    /// <summary>SiLU (swish): z·σ(z).</summary>
    SiLU,

    /// <summary>Softplus: log(1 + eᶻ).</summary>
    Softplus,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>Leaky ReLU with negative slope 0.01.</summary>
    LeakyRelu,

    /// <summary>ELU with α = 1: z for z &gt; 0, eᶻ − 1 otherwise.</summary>
    Elu,
}
