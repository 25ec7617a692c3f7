using System.Reflection;
using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Kernels;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Energies;

/// <summary>
/// An MLP energy on the device: parameters (trainable), layer widths, the optional Gaussian base term, and a workspace
/// that grows with the batch.
/// </summary>
public sealed class MlpDeviceEnergy : TrainableDeviceEnergy<MlpEnergy>
{
    private static readonly MethodInfo GroupedTraces = typeof(MlpKernels).GetMethod(nameof(MlpKernels.TracesInGroups))!;

    private readonly DeviceVector<int> widths;
    private readonly DeviceVector<float> transposedWeights;
    private readonly int hiddenTotal;
    private readonly int maxWidth;
    private readonly ActivationKind activation;
    private readonly float outputScale;
    private readonly DeviceVector<float> baseCentre;
    private readonly float baseCurvature;
    private readonly SlotWorkspace workspace;
    private readonly int gradientTiles;

    /// <summary>Uploads the network.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="layerWidths">w₀ = d, …, w_L = 1.</param>
    /// <param name="activation">The hidden activation.</param>
    /// <param name="outputScale">s in E = s · net(x).</param>
    /// <param name="parameters">The flat parameters (layout of <see cref="MlpEnergy"/>).</param>
    /// <param name="baseCentre">μ₀ of the base term c/2 · |x − μ₀|² (w₀ values), or empty for the origin.</param>
    /// <param name="baseCurvature">c = 1/σ₀² ≥ 0 of the base term; 0 (the default) for none.</param>
    public MlpDeviceEnergy(AcceleratorSession session, IReadOnlyList<int> layerWidths, ActivationKind activation,
        float outputScale, ReadOnlySpan<float> parameters, ReadOnlySpan<float> baseCentre = default, float baseCurvature = 0)
        : base(session, layerWidths[0], Validated(layerWidths, parameters))
    {
        if (!baseCentre.IsEmpty && baseCentre.Length != layerWidths[0])
            throw new ArgumentException($"the base centre has {baseCentre.Length} values, the input dimension is {layerWidths[0]}", nameof(baseCentre));
        if (!(baseCurvature >= 0) || float.IsInfinity(baseCurvature))
            throw new ArgumentOutOfRangeException(nameof(baseCurvature), baseCurvature, "the base curvature must be finite and ≥ 0");
        LayerWidths = [.. layerWidths];
        hiddenTotal = layerWidths.Skip(1).SkipLast(1).Sum();
        maxWidth = layerWidths.Max();
        for (int l = 0; l + 1 < layerWidths.Count; l++)
            gradientTiles += MlpEnergy.GradientTilesOfLayer(layerWidths[l], layerWidths[l + 1]);
        this.activation = activation;
        this.outputScale = outputScale;
        workspace = new SlotWorkspace(session, MlpEnergy.WorkspaceStrideOf(Dimension, hiddenTotal, maxWidth));
        widths = new DeviceVector<int>(session, layerWidths.Count);
        widths.CopyFrom(LayerWidths);
        transposedWeights = new DeviceVector<float>(session, ParameterCount - hiddenTotal - 1);
        this.baseCurvature = baseCurvature;
        this.baseCentre = new DeviceVector<float>(session, Dimension);
        this.baseCentre.CopyFrom(baseCentre.IsEmpty ? new float[Dimension] : baseCentre);
    }

    /// <summary>w₀ … w_L.</summary>
    public int[] LayerWidths { get; }

    /// <summary>Σ_l (w_l · w_{l+1} + w_{l+1}).</summary>
    /// <param name="layerWidths">The widths.</param>
    /// <returns>The parameter count.</returns>
    public static int ParameterCountOf(IReadOnlyList<int> layerWidths)
    {
        long count = 0;
        for (int l = 0; l + 1 < layerWidths.Count; l++)
            count += (long)layerWidths[l] * layerWidths[l + 1] + layerWidths[l + 1];
        if (count > int.MaxValue)
            throw new ArgumentException($"an MLP {string.Join("-", layerWidths)} would have {count:N0} parameters; at most {int.MaxValue:N0} fit one buffer", nameof(layerWidths));
        return (int)count;
    }

    /// <summary>The network with workspace for <paramref name="slots"/> slots, after deriving its transposed weights from the current parameters (which optimisers and checkpoints write in place).</summary>
    /// <param name="slots">The number of threads that will evaluate it at once.</param>
    /// <returns>The struct to pass to a kernel.</returns>
    public override MlpEnergy Bind(int slots) => TransposedWeightLauncher.Derive(Session, Network(slots));

    /// <summary>Floats of one row's trace (<see cref="MlpEnergy.TraceStride"/>): d + 2H + 1.</summary>
    public int TraceStride => Dimension + 2 * hiddenTotal + 1;

    /// <summary>The outer-product batch gradient (<see cref="MlpKernels"/>): N × <see cref="TraceStride"/> floats instead of N × P.</summary>
    /// <param name="rows">N ≥ 1.</param>
    /// <returns>The batch gradient.</returns>
    public override IBatchParameterGradient CreateBatchGradient(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        return new MlpBatchGradient(this, rows);
    }

    /// <summary>energies[n] = E(points[n]) and row n of <paramref name="traces"/> = its trace.</summary>
    /// <param name="points">[N, d].</param>
    /// <param name="energies">[N].</param>
    /// <param name="traces">[N, <see cref="TraceStride"/>].</param>
    internal void EvaluateTraces(DeviceMatrix<float> points, DeviceVector<float> energies, DeviceMatrix<float> traces)
    {
        CheckBatch(points, energies);
        if (traces.Rows != points.Rows || traces.Columns != TraceStride)
            throw new ArgumentException($"traces need [{points.Rows}, {TraceStride}], got [{traces.Rows}, {traces.Columns}]", nameof(traces));
        if (GroupedLaunch.TryShape<MlpEnergy>(Session.Kernels, points.Rows, out var config))
        {
            var grouped = Session.Kernels.GetGrouped<Action<AcceleratorStream, KernelConfig, MlpEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>>>(
                GroupedTraces);
            grouped(Session.Accelerator.DefaultStream, config, Bind(GroupedLaunch.Slots(config)), points.View, energies.View, traces.View);
            return;
        }
        var launch = Session.Kernels.Get<Action<AcceleratorStream, Index1D, MlpEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>>>(
            (Action<Index1D, MlpEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>>)MlpKernels.Traces);
        launch(Session.Accelerator.DefaultStream, points.Rows, Bind(points.Rows), points.View, energies.View, traces.View);
    }

    /// <summary>gradient = Σₙ weights[n] ∇θE(xₙ) from the traces of the rows xₙ.</summary>
    /// <param name="traces">[N, <see cref="TraceStride"/>] from <see cref="EvaluateTraces"/>.</param>
    /// <param name="weights">[N].</param>
    /// <param name="gradient">[P].</param>
    internal void ReduceTraces(DeviceMatrix<float> traces, DeviceVector<float> weights, DeviceVector<float> gradient)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(gradient);
        if (weights.Length != traces.Rows || gradient.Length != ParameterCount)
            throw new ArgumentException($"{traces.Rows} traces need as many weights and a gradient of {ParameterCount}, got {weights.Length} and {gradient.Length}", nameof(weights));
        var launch = Session.Kernels.Get<Action<AcceleratorStream, Index1D, MlpEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>>>(
            (Action<Index1D, MlpEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>>)MlpKernels.WeightedParameterGradient);
        launch(Session.Accelerator.DefaultStream, gradientTiles, Network(1), traces.View, weights.View, gradient.View);
    }

    // The network struct without deriving its transposed weights, for kernels that never run the forward pass.
    private MlpEnergy Network(int slots) =>
        new(Parameters.View, transposedWeights.View, widths.View, workspace.For(slots), Dimension, hiddenTotal, maxWidth,
            activation, outputScale, baseCentre.View, baseCurvature);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        workspace.Dispose();
        widths.Dispose();
        transposedWeights.Dispose();
        baseCentre.Dispose();
        base.Dispose(disposing);
    }

    private static ReadOnlySpan<float> Validated(IReadOnlyList<int> layerWidths, ReadOnlySpan<float> parameters)
    {
        if (layerWidths.Count < 2 || layerWidths[^1] != 1 || layerWidths.Any(width => width < 1))
            throw new ArgumentException($"layer widths must be ≥ 1 and end in 1, got [{string.Join(", ", layerWidths)}]", nameof(layerWidths));
        int expected = ParameterCountOf(layerWidths);
        if (parameters.Length != expected)
            throw new ArgumentException($"an MLP {string.Join("-", layerWidths)} has {expected} parameters, got {parameters.Length}", nameof(parameters));
        return parameters;
    }
}
