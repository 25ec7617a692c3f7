namespace Ebm.Kernels.Energies;

/// <summary>
/// A network whose forward pass reads a transposed copy of its layers' weight matrices ([fan-in, fan-out] instead of
/// PyTorch's [fan-out, fan-in]), so that a layer's adjacent outputs have adjacent weights (<see cref="IColumnBlock"/>).
/// The copy is derived from the parameters by <see cref="WeightTransposition.Transpose{TNetwork}"/> before each launch,
/// because optimisers and checkpoints write the parameters in place.
/// </summary>
public interface ITransposedWeights
{
    /// <summary>Floats of the transposed copy.</summary>
    long TransposedWeightCount { get; }

    /// <summary>Writes value <paramref name="t"/> of the transposed copy from the parameters.</summary>
    /// <param name="t">The value, 0 … <see cref="TransposedWeightCount"/> − 1.</param>
    void WriteTransposedWeight(long t);
}
