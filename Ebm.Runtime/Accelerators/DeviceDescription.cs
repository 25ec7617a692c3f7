namespace Ebm.Runtime.Accelerators;

/// <summary>What the engine knows about one device before using it.</summary>
/// <param name="Kind">The accelerator family.</param>
/// <param name="Index">The position among devices of the same kind (the <c>1</c> of <c>cuda:1</c>).</param>
/// <param name="Name">The device name reported by the driver.</param>
/// <param name="MemoryBytes">Device memory in bytes.</param>
/// <param name="WarpSize">Threads per warp (CUDA), sub-group (OpenCL) or simulated warp (CPU).</param>
/// <param name="MaxThreadsPerGroup">The largest group size the device accepts.</param>
/// <param name="IsGpu">True for a GPU; false for a CPU device (ILGPU's or an OpenCL CPU runtime).</param>
public sealed record DeviceDescription(
    AcceleratorKind Kind,
    int Index,
    string Name,
    long MemoryBytes,
    int WarpSize,
    int MaxThreadsPerGroup,
    bool IsGpu)
{
    /// <summary>The identifier accepted by <c>--accelerator</c>, e.g. <c>cuda:0</c>.</summary>
    public string Id => $"{AcceleratorRequest.KindName(Kind)}:{Index}";

    /// <summary>Rank used by <c>auto</c>: CUDA, then OpenCL GPUs, then OpenCL CPU devices, then ILGPU's CPU accelerator.</summary>
    public int AutoRank => (Kind, IsGpu) switch
    {
        (AcceleratorKind.Cuda, _) => 0,
        (AcceleratorKind.OpenCL, true) => 1,
        (AcceleratorKind.OpenCL, false) => 2,
        _ => 3,
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Name})";
}
