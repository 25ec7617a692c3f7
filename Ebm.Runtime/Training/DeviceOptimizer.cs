using Ebm.Kernels.Reductions;
using Ebm.Kernels.Training;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Training;

/// <summary>
/// An optimiser whose state lives next to the parameters on the device: Adam (m, v) or SGD with momentum (m).
/// Each update clips the gradient to a global L2 norm first; the norm is reduced on the device in 256 parts.
/// </summary>
public sealed class DeviceOptimizer : IDisposable
{
    private const int NormParts = 256;
    private readonly DeviceVector<float> parameters;
    private readonly DeviceVector<float> partials;
    private readonly float[] hostPartials = new float[NormParts];

    /// <summary>Creates zeroed optimiser state for <paramref name="parameters"/>.</summary>
    /// <param name="parameters">θ (borrowed; updated in place).</param>
    /// <param name="kind">Adam or SGD.</param>
    /// <param name="settings">Learning rate, β₁, β₂, ε and weight decay; Step and GradientScale are managed here.</param>
    public DeviceOptimizer(DeviceVector<float> parameters, OptimizerKind kind, AdamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.parameters = parameters;
        Kind = kind;
        Settings = settings;
        var session = parameters.Session;
        FirstMoment = new DeviceVector<float>(session, parameters.Length);
        SecondMoment = new DeviceVector<float>(session, parameters.Length);
        partials = new DeviceVector<float>(session, NormParts);
        FirstMoment.Clear();
        SecondMoment.Clear();
    }

    /// <summary>Adam or SGD.</summary>
    public OptimizerKind Kind { get; }

    /// <summary>The hyper-parameters.</summary>
    public AdamSettings Settings { get; }

    /// <summary>Updates applied so far.</summary>
    public int Step { get; set; }

    /// <summary>m (Adam's first moment, or SGD's momentum).</summary>
    public DeviceVector<float> FirstMoment { get; }

    /// <summary>v (Adam's second moment; unused by SGD).</summary>
    public DeviceVector<float> SecondMoment { get; }

    /// <summary>The L2 norm of <paramref name="gradient"/>.</summary>
    /// <param name="gradient">A vector on the same device.</param>
    /// <returns>‖g‖₂, summed in float64 on the host from 256 device partial sums.</returns>
    public double Norm(DeviceVector<float> gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        var launch = parameters.Session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>>>(
            (Action<Index1D, ArrayView<float>, ArrayView<float>>)ReductionKernels.PartialSumsOfSquares);
        launch(parameters.Session.Accelerator.DefaultStream, NormParts, gradient.View, partials.View);
        partials.CopyTo(hostPartials);
        return Math.Sqrt(hostPartials.Sum(value => (double)value));
    }

    /// <summary>
    /// One update θ ← θ − step(g), with g rescaled to norm <paramref name="clipNorm"/> when larger. A gradient whose
    /// norm is not finite changes nothing (θ, the moments and <see cref="Step"/> stay as they were).
    /// </summary>
    /// <param name="gradient">∇θL.</param>
    /// <param name="clipNorm">The largest allowed gradient norm; +∞ for no clipping.</param>
    /// <param name="learningRate">This update's learning rate, or null for the one in <see cref="Settings"/>.</param>
    /// <returns>The gradient norm before clipping.</returns>
    public double Update(DeviceVector<float> gradient, double clipNorm, float? learningRate = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient.Length != parameters.Length)
            throw new ArgumentException($"gradient has {gradient.Length} values; there are {parameters.Length} parameters", nameof(gradient));
        double norm = Norm(gradient);
        if (!double.IsFinite(norm))
            return norm;
        var settings = Settings;
        settings.LearningRate = learningRate ?? settings.LearningRate;
        settings.Step = ++Step;
        settings.GradientScale = norm > clipNorm ? (float)(clipNorm / norm) : 1;
        if (Kind == OptimizerKind.Adam)
            OptimizerSteps.Adam(parameters.Session, parameters, gradient, FirstMoment, SecondMoment, settings);
        else
            OptimizerSteps.SgdMomentum(parameters.Session, parameters, gradient, FirstMoment, settings);
        return norm;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        FirstMoment.Dispose();
        SecondMoment.Dispose();
        partials.Dispose();
    }
}
