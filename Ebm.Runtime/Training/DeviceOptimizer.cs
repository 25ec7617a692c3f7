using Ebm.Kernels.Reductions;
using Ebm.Kernels.Training;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Training;

/// <summary>
/// An optimiser whose state lives next to the parameters on the device: Adam (m, v) or SGD with momentum (m).
/// Each update clips the gradient to a global L2 norm first; the norm is reduced on the device in 256 parts and then by
/// one thread, and written to the iteration's <see cref="TrainingMonitor"/> row: an update reads nothing back.
/// </summary>
public sealed class DeviceOptimizer : IDisposable
{
    private const int NormParts = 256;
    private readonly DeviceVector<float> parameters;
    private readonly DeviceVector<float> partials;
    private readonly DeviceVector<float> scale;

    /// <summary>Creates zeroed optimiser state for <paramref name="parameters"/>.</summary>
    /// <param name="parameters">θ (borrowed; updated in place).</param>
    /// <param name="kind">Adam or SGD.</param>
    /// <param name="settings">Learning rate, β₁, β₂, ε and weight decay; the update count and its bias corrections are set here.</param>
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
        scale = new DeviceVector<float>(session, 1);
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

    /// <summary>
    /// Enqueues one update θ ← θ − step(g), with g rescaled to norm <paramref name="clipNorm"/> when larger, as iteration
    /// <paramref name="iteration"/>: ‖g‖ goes to its <see cref="TrainingMetric.GradientNorm"/> slot in
    /// <paramref name="monitor"/>. A norm that is not finite records a divergence there, and from then on no update
    /// changes θ or the moments.
    /// </summary>
    /// <param name="gradient">∇θL.</param>
    /// <param name="clipNorm">The largest allowed gradient norm; +∞ for no clipping.</param>
    /// <param name="learningRate">This update's learning rate.</param>
    /// <param name="monitor">The training's measurements and health record.</param>
    /// <param name="iteration">The 1-based iteration this update belongs to.</param>
    public void Update(DeviceVector<float> gradient, float clipNorm, float learningRate, TrainingMonitor monitor, int iteration)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(monitor);
        if (gradient.Length != parameters.Length)
            throw new ArgumentException($"gradient has {gradient.Length} values; there are {parameters.Length} parameters", nameof(gradient));
        var session = parameters.Session;
        var sumsOfSquares = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>>>(
            (Action<Index1D, ArrayView<float>, ArrayView<float>>)ReductionKernels.PartialSumsOfSquares);
        sumsOfSquares(session.Accelerator.DefaultStream, NormParts, gradient.View, partials.View);
        OptimizerSteps.ClipScale(session, partials, monitor.Slot(iteration, TrainingMetric.GradientNorm), scale.View, monitor.Health, clipNorm, iteration);
        var settings = Settings.AtStep(++Step);
        settings.LearningRate = learningRate;
        if (Kind == OptimizerKind.Adam)
            OptimizerSteps.Adam(session, parameters, gradient, FirstMoment, SecondMoment, scale.View, monitor.Health, settings);
        else
            OptimizerSteps.SgdMomentum(session, parameters, gradient, FirstMoment, scale.View, monitor.Health, settings);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        FirstMoment.Dispose();
        SecondMoment.Dispose();
        partials.Dispose();
        scale.Dispose();
    }
}
