using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;

namespace Ebm.Runtime.Energies;

/// <summary>The learnable Gaussian on the device (see <see cref="TrainableGaussianEnergy"/> for the parameter layout).</summary>
/// <param name="session">The accelerator session.</param>
/// <param name="dimension">d.</param>
/// <param name="parameters">θ = (μ, packed L).</param>
public sealed class TrainableGaussianDeviceEnergy(AcceleratorSession session, int dimension, ReadOnlySpan<float> parameters)
    : TrainableDeviceEnergy<TrainableGaussianEnergy>(session, dimension, parameters)
{
    /// <inheritdoc/>
    public override TrainableGaussianEnergy Bind(int slots) => new(Parameters.View, Dimension);
}
