using Ebm.Kernels.Energies;

namespace Ebm.Facade.Models;

/// <summary>The activations of <see cref="Activation"/> in float64, for the networks' host reference passes.</summary>
internal static class ReferenceActivation
{
    /// <summary>φ(z) and φ′(z).</summary>
    /// <param name="kind">The activation.</param>
    /// <param name="z">The pre-activation.</param>
    /// <returns>The value and the derivative.</returns>
    public static (double Value, double Derivative) Of(ActivationKind kind, double z)
    {
        double sigmoid = 1 / (1 + Math.Exp(-z));
        return kind switch
        {
            ActivationKind.SiLU => (z * sigmoid, sigmoid * (1 + z * (1 - sigmoid))),
            ActivationKind.Softplus => (Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))), sigmoid),
            ActivationKind.Tanh => (Math.Tanh(z), 1 - Math.Tanh(z) * Math.Tanh(z)),
            ActivationKind.LeakyRelu => (z > 0 ? z : 0.01 * z, z > 0 ? 1 : 0.01), // PyTorch's slope in float64, not Activation.LeakySlope widened from float32
            _ => (z > 0 ? z : Math.Exp(z) - 1, z > 0 ? 1 : Math.Exp(z)),
        };
    }
}
