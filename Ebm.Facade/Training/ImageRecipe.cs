using Ebm.Kernels.Energies;

namespace Ebm.Facade.Training;

/// <summary>
/// The published recipe for image EBMs, as <c>ebm train</c> uses it on image data: persistent CD with a 10,000-image
/// replay buffer and 5% uniform restarts, 60 SGLD steps clamped to the pixel range, noise on the data, the energy-magnitude
/// regulariser and Adam with β₁ = 0.
/// </summary>
/// <remarks>
/// The numbers are those of the UvA Deep Learning tutorial on EBMs (Lippe, 2022), which follows Du &amp; Mordatch,
/// "Implicit Generation and Modeling with Energy-Based Models" (IGEBM, 2019): batch 128, 60 steps of
/// x ← clamp(x − λ∇E + σξ) with λ = 10 and σ = 0.005, data noise 0.005, α = 0.1, Adam lr 10⁻⁴ with β = (0, 0.999) and a
/// gradient-norm clip of 0.1, buffer 10,000 (the tutorial keeps 8,192) with 5% restarts. Its images lie in [−1, 1];
/// here pixels lie in [0, 1] (x' = (x + 1)/2), which halves the noise scales and quarters the step: λ = 2.5,
/// σ = 0.0025, data noise 0.0025. The tutorial also clamps each pixel's gradient to ±0.03 inside the sampler; Ebm's
/// ULA step does not. IGEBM itself uses α = 1 and, for its ResNet energies, spectral normalisation.
/// </remarks>
public static class ImageRecipe
{
    /// <summary>The default network for 784-pixel images: the W4 MLP 784-512-512-1 SiLU.</summary>
    public static IReadOnlyList<int> Layers { get; } = [784, 512, 512, 1];

    /// <summary>The network's activation.</summary>
    public const ActivationKind Activation = ActivationKind.SiLU;

    /// <summary>The trainer options (seed 0, constant learning rate).</summary>
    public static TrainerOptions Options { get; } = new()
    {
        Method = ContrastiveMethod.Persistent,
        BatchSize = 128,
        SamplerSteps = 60,
        StepSize = 2.5f,
        NoiseScale = 0.0025f,
        BufferSize = 10_000,
        ReinitProbability = 0.05,
        DataNoise = 0.0025,
        Clamp = (0f, 1f),
        EnergyRegularization = 0.1,
        GradientClip = 0.1,
        LearningRate = 1e-4,
        Beta1 = 0,
        Beta2 = 0.999,
    };
}
