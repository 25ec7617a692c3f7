using BenchmarkDotNet.Attributes;
using Ebm.Facade.Models;
using Ebm.Facade.Validation;

namespace Ebm.Benchmarks;

/// <summary>Batched E(x) and E(x)+∇ₓE(x): the MLP 2-128-128-1 SiLU and the 8-component ring mixture, one thread per point.</summary>
public class EnergyEvaluationBenchmarks : BatchEnergyBenchmark
{
    /// <summary>The energy: <c>mlp</c> (2-128-128-1 SiLU) or <c>mixture</c> (8 components on a ring).</summary>
    [Params("mlp", "mixture")]
    public string Model { get; set; } = "mlp";

    /// <summary>N, the batch size.</summary>
    [Params(1024, 16384, 262144)]
    public int Points { get; set; }

    /// <inheritdoc/>
    protected override int BatchSize => Points;

    /// <inheritdoc/>
    protected override EnergySpec Spec() => Model == "mlp" ? ValidationEnergies.BenchmarkMlp() : ValidationEnergies.Ring();
}
