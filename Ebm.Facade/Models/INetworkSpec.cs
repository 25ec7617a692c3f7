using Ebm.Facade.IO;

namespace Ebm.Facade.Models;

/// <summary>A neural energy (an MLP or a convolutional network): trainable, with a float64 backward pass and a PyTorch state-dict file.</summary>
public interface INetworkSpec : ITrainableSpec
{
    /// <summary>The network's shape, without its parameters.</summary>
    NetworkArchitecture Architecture { get; }

    /// <summary>Float64 forward and backward pass: E, ∇ₓE and optionally ∇θE.</summary>
    /// <param name="point">x.</param>
    /// <param name="gradient">Receives ∇ₓE.</param>
    /// <param name="parameterGradient">Receives ∇θE when not null.</param>
    /// <returns>E(x).</returns>
    double ReferenceEnergyAndParameterGradient(ReadOnlySpan<double> point, Span<double> gradient, double[]? parameterGradient);

    /// <summary>The model file <c>ebm train</c> writes: the parameters under PyTorch <c>nn.Sequential</c> names, the shape in the metadata.</summary>
    /// <returns>The file's content.</returns>
    SafeTensors ToSafeTensors();

    /// <summary>The model description stored in checkpoints: the JSON spec fields of the network, without its parameters.</summary>
    /// <returns>The JSON text.</returns>
    string Describe();
}
