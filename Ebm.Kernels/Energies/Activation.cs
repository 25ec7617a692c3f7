namespace Ebm.Kernels.Energies;

/// <summary>Activation values and derivatives, usable inside kernels.</summary>
public static class Activation
{
    /// <summary>The negative slope of <see cref="ActivationKind.LeakyRelu"/> (PyTorch's default).</summary>
    public const float LeakySlope = 0.01f;

    /// <summary>φ(z) and φ′(z) in one evaluation, which share their exponential or tanh.</summary>
    /// <param name="kind">The activation.</param>
    /// <param name="z">The pre-activation.</param>
    /// <param name="derivative">Receives dφ/dz at z.</param>
    /// <returns>φ(z).</returns>
    public static float Apply(ActivationKind kind, float z, out float derivative)
    {
        switch (kind)
        {
            case ActivationKind.SiLU:
                float s = Sigmoid(z);
                derivative = s * (1 + z * (1 - s));
                return z * s;
            case ActivationKind.Softplus:
                derivative = Sigmoid(z);
                return Softplus(z);
            case ActivationKind.Tanh:
                float t = MathF.Tanh(z);
                derivative = 1 - t * t;
                return t;
            case ActivationKind.LeakyRelu:
                derivative = z > 0 ? 1 : LeakySlope;
                return z > 0 ? z : LeakySlope * z;
            default:
                if (z > 0)
                {
                    derivative = 1;
                    return z;
                }
                float e = MathF.Exp(z);
                derivative = e;
                return e - 1;
        }
    }

    /// <summary>log(1 + eᶻ), computed as max(z, 0) + log(1 + e^−|z|) so that it does not overflow for large |z|.</summary>
    /// <param name="z">The argument.</param>
    /// <returns>softplus(z).</returns>
    public static float Softplus(float z) => MathF.Max(z, 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(z)));

    /// <summary>The logistic function 1/(1 + e⁻ᶻ).</summary>
    /// <param name="z">The argument.</param>
    /// <returns>σ(z).</returns>
    public static float Sigmoid(float z) => 1 / (1 + MathF.Exp(-z));
}
