using Ebm.Runtime.Accelerators;
using ILGPU;

namespace Ebm.Benchmarks;

/// <summary>The accelerators present on this machine, as benchmark parameters.</summary>
public static class AcceleratorParameters
{
    /// <summary>One id per device ILGPU finds (e.g. <c>cpu:0</c>, <c>opencl:0</c>).</summary>
    public static IEnumerable<string> Present()
    {
        using Context context = DeviceCatalog.CreateContext();
        return [.. DeviceCatalog.Describe(context).Select(device => device.Id)];
    }
}
