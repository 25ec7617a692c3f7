using Ebm.Facade.IO;

namespace Ebm.Facade.Models;

/// <summary>A neural energy (<see cref="MlpSpec"/>, <see cref="ConvSpec"/>): trainable, with a float64 backward pass and a PyTorch state-dict file.</summary>
public abstract record NetworkSpec : EnergySpec, ITrainableSpec
{
    /// <inheritdoc/>
    public abstract IReadOnlyList<float> Parameters { get; }

    /// <inheritdoc/>
    public abstract EnergySpec WithParameters(IReadOnlyList<float> parameters);

    /// <summary>Float64 forward and backward pass: E, ∇ₓE and optionally ∇θE.</summary>
    /// <param name="point">x.</param>
    /// <param name="gradient">Receives ∇ₓE.</param>
    /// <param name="parameterGradient">Receives ∇θE when not null.</param>
    /// <returns>E(x).</returns>
    public abstract double ReferenceEnergyAndParameterGradient(ReadOnlySpan<double> point, Span<double> gradient, double[]? parameterGradient);

    /// <inheritdoc/>
    public override double ReferenceEnergy(ReadOnlySpan<double> point, Span<double> gradient) =>
        ReferenceEnergyAndParameterGradient(point, gradient, null);

    /// <summary>The model file <c>ebm train</c> writes: the parameters under PyTorch <c>nn.Sequential</c> names, the shape in the metadata.</summary>
    /// <returns>The file's content.</returns>
    public abstract SafeTensors ToSafeTensors();

    /// <summary>The model description stored in checkpoints: the JSON spec fields of the network, without its parameters.</summary>
    /// <returns>The JSON text.</returns>
    public abstract string Describe();
}
