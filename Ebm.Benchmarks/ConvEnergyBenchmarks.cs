using BenchmarkDotNet.Attributes;
using Ebm.Facade.Models;
using Ebm.Facade.Validation;

namespace Ebm.Benchmarks;

/// <summary>
/// Batched E(x) and E(x)+∇ₓE(x) of the image convolutional energy (<see cref="ValidationEnergies.ImageConvArchitecture"/>) on
/// 28 × 28 images, at the batch sizes of image training (128) and of sampling (1,024).
/// </summary>
public class ConvEnergyBenchmarks : BatchEnergyBenchmark
{
    /// <summary>N, the batch size.</summary>
    [Params(128, 1024)]
    public int Points { get; set; }

    /// <inheritdoc/>
    protected override int BatchSize => Points;

    /// <inheritdoc/>
    protected override EnergySpec Spec() => ValidationEnergies.ImageConv();
}
