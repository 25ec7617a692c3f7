using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>An energy with parameters θ in one flat buffer, whose gradient ∇θE(x) the trainer needs.</summary>
public interface ITrainableEnergy : IEnergy
{
    /// <summary>The number of parameters.</summary>
    int ParameterCount { get; }

    /// <summary>Computes E(x) and writes ∇θE(x) into <paramref name="parameterGradient"/>.</summary>
    /// <param name="point">The point.</param>
    /// <param name="parameterGradient">Receives ∇θE, <see cref="ParameterCount"/> values.</param>
    /// <param name="slot">The workspace slot this thread owns (its point or chain index).</param>
    /// <returns>The energy.</returns>
    float EnergyAndParameterGradient(PointView point, ArrayView<float> parameterGradient, int slot);
}
