namespace Ebm.Kernels.Energies;

/// <summary>Activation values and derivatives, usable inside kernels.</summary>
public static class Activation
{
    /// <summary>The negative slope of <see cref="ActivationKind.LeakyRelu"/> (PyTorch's default).</summary>
    public const float LeakySlope = 0.01f;

    /// <summary>φ(z).</summary>
    /// <param name="kind">The activation.</param>
    /// <param name="z">The pre-activation.</param>
    /// <returns>φ(z).</returns>
    public static float Apply(ActivationKind kind, float z)
    {
        switch (kind)
        {
            case ActivationKind.SiLU:
                return z * Sigmoid(z);
            case ActivationKind.Softplus:
                // max(z, 0) + log(1 + e^−|z|): no overflow for large |z|
                return MathF.Max(z, 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(z)));
            case ActivationKind.Tanh:
                return MathF.Tanh(z);
            case ActivationKind.LeakyRelu:
                return z > 0 ? z : LeakySlope * z;
            default:
                return z > 0 ? z : MathF.Exp(z) - 1;
        }
    }

    /// <summary>φ′(z).</summary>
    /// <param name="kind">The activation.</param>
    /// <param name="z">The pre-activation.</param>
    /// <returns>dφ/dz at z.</returns>
    public static float Derivative(ActivationKind kind, float z)
    {
        switch (kind)
        {
            case ActivationKind.SiLU:
                float s = Sigmoid(z);
                return s * (1 + z * (1 - s));
            case ActivationKind.Softplus:
                return Sigmoid(z);
            case ActivationKind.Tanh:
                float t = MathF.Tanh(z);
                return 1 - t * t;
            case ActivationKind.LeakyRelu:
                return z > 0 ? 1 : LeakySlope;
            default:
                return z > 0 ? 1 : MathF.Exp(z);
        }
    }

    /// <summary>The logistic function 1/(1 + e⁻ᶻ).</summary>
    /// <param name="z">The argument.</param>
    /// <returns>σ(z).</returns>
    public static float Sigmoid(float z) => 1 / (1 + MathF.Exp(-z));
}
