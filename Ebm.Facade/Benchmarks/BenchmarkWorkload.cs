namespace Ebm.Facade.Benchmarks;

/// <summary>The throughput workloads, mirrored by the PyTorch peers in <c>benchmarks/peers/torch_workloads.py</c>.</summary>
public enum BenchmarkWorkload
{
    /// <summary>ULA on the 8-component 2-D mixture (σ 0.3, radius 2): 16,384 chains × 200 steps.</summary>
    W1,

    /// <summary>SGLD (ULA with noise 0.005) on an MLP 2-128-128-1 SiLU: 4,096 chains × 60 steps.</summary>
    W2,

    /// <summary>HMC with L = 10 on a 100-D AR(1) Gaussian (ρ = 0.5): 4,096 chains × 10 transitions.</summary>
    W3,

    /// <summary>
    /// SGLD with a [0, 1] clamp on an MLP 784-512-512-1 SiLU (an image EBM's network): 1,024 chains × 20 steps from
    /// uniform starting points.
    /// </summary>
    W4,

    /// <summary>
    /// W4's SGLD on the convolutional energy of <see cref="Validation.ValidationEnergies.ImageConv"/> (1×28×28 through 16, 32 and 64
    /// channels of 3 × 3 kernels with stride 2, SiLU, average pooling, a linear head): 1,024 chains × 20 steps.
    /// </summary>
    W5,
}
