using System.Collections.Concurrent;
using System.Reflection;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.OpenCL;

namespace Ebm.Runtime.Kernels;

/// <summary>Typed kernel launchers loaded once per accelerator, keyed by kernel method (with its type arguments).</summary>
/// <remarks>
/// Kernels from <see cref="Get{TLauncher}(MethodInfo)"/> are implicitly grouped (those from <see cref="GetGrouped{TLauncher}"/> are
/// launched with their own group size, <see cref="ChainGroupSize"/>). ILGPU's automatic group size is the device maximum on OpenCL CPU devices (PoCL:
/// 4,096), so a launch over a few hundred chains — a training batch — becomes one work-group, which PoCL runs on one
/// core. There every kernel is loaded with <see cref="OpenClCpuGroupSize"/> instead: enough work-items per group for
/// PoCL to vectorise across them, and enough groups to keep every core busy (1.8× per training iteration on 2 cores,
/// identical results). Other accelerators keep ILGPU's occupancy-based estimate.
/// </remarks>
/// <param name="accelerator">The accelerator the kernels are compiled for.</param>
public sealed class KernelCache(Accelerator accelerator)
{
    /// <summary>The work-group size used on OpenCL CPU devices: two AVX-512 or four AVX2 vectors of floats.</summary>
    public const int OpenClCpuGroupSize = 16;

    private readonly ConcurrentDictionary<(Type Launcher, MethodInfo Kernel), Delegate> launchers = new();
    private readonly int? groupSize = IsOpenClCpu(accelerator) ? OpenClCpuGroupSize : null;

    /// <summary>
    /// The work-group size of kernels whose chains evaluate an energy together (<see cref="GetGrouped{TLauncher}"/>), or null
    /// to run a chain per thread. By default 16 chains on OpenCL CPU devices (one workspace block, two tiles of eight chains),
    /// 64 (two warps) on GPUs, and none on ILGPU's CPU accelerator, which runs a group's work-items as threads that meet at
    /// every barrier, so there a chain per thread is faster. Set it to compare the two on one accelerator.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a multiple of <see cref="ChainGroupQuantum"/>, or above the accelerator's group size limit.</exception>
    public int? ChainGroupSize
    {
        get => chainGroupSize;
        set
        {
            if (value is { } size && (size < ChainGroupQuantum || size % ChainGroupQuantum != 0 || size > accelerator.MaxNumThreadsPerGroup))
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"a chain group size must be a multiple of {ChainGroupQuantum} up to {accelerator.MaxNumThreadsPerGroup} on {accelerator.Name}, or null");
            chainGroupSize = value;
        }
    }

    /// <summary>Chain group sizes are multiples of this: the chains of one tile (<see cref="Ebm.Kernels.Energies.IChainTile"/>) share a workspace block.</summary>
    public const int ChainGroupQuantum = 8;

    private int? chainGroupSize = accelerator switch
    {
        CPUAccelerator => null,
        _ when IsOpenClCpu(accelerator) => OpenClCpuGroupSize,
        _ => 64,
    };

    /// <summary>Returns the launcher of <paramref name="kernel"/>, compiling it on first use.</summary>
    /// <typeparam name="TLauncher">
    /// The launcher type: <c>Action&lt;AcceleratorStream, Index1D, …&gt;</c> with the kernel's parameters after the stream.
    /// </typeparam>
    /// <param name="kernel">The implicitly grouped kernel method, specialised if generic.</param>
    /// <returns>The cached launcher.</returns>
    public TLauncher Get<TLauncher>(MethodInfo kernel)
        where TLauncher : Delegate
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return (TLauncher)launchers.GetOrAdd((typeof(TLauncher), kernel), static (key, cache) => cache.Load<TLauncher>(key.Kernel), this);
    }

    /// <summary>Returns the launcher of the kernel behind <paramref name="kernel"/>, compiling it on first use.</summary>
    /// <typeparam name="TLauncher">The launcher type (see <see cref="Get{TLauncher}(MethodInfo)"/>).</typeparam>
    /// <param name="kernel">A delegate to the kernel method.</param>
    /// <returns>The cached launcher.</returns>
    public TLauncher Get<TLauncher>(Delegate kernel)
        where TLauncher : Delegate => Get<TLauncher>(kernel.Method);

    /// <summary>Returns the launcher of an explicitly grouped kernel (one that synchronizes its work-groups), compiling it on first use.</summary>
    /// <typeparam name="TLauncher">
    /// The launcher type: <c>Action&lt;AcceleratorStream, KernelConfig, …&gt;</c> with the kernel's parameters after the configuration.
    /// </typeparam>
    /// <param name="kernel">The kernel method, specialised if generic.</param>
    /// <returns>The cached launcher.</returns>
    public TLauncher GetGrouped<TLauncher>(MethodInfo kernel)
        where TLauncher : Delegate
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return (TLauncher)launchers.GetOrAdd((typeof(TLauncher), kernel), static (key, cache) => cache.LoadGrouped<TLauncher>(key.Kernel), this);
    }

    private TLauncher LoadGrouped<TLauncher>(MethodInfo kernel)
        where TLauncher : Delegate => accelerator.LoadKernel<TLauncher>(kernel);

    private TLauncher Load<TLauncher>(MethodInfo kernel)
        where TLauncher : Delegate => groupSize is { } size
            ? accelerator.LoadImplicitlyGroupedKernel<TLauncher>(kernel, size)
            : accelerator.LoadAutoGroupedKernel<TLauncher>(kernel);

    private static bool IsOpenClCpu(Accelerator accelerator) =>
        accelerator.Device is CLDevice device && device.DeviceType.HasFlag(CLDeviceType.CL_DEVICE_TYPE_CPU);
}
