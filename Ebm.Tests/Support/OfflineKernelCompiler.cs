using System.Reflection;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Ebm.Tests.Support;

/// <summary>Compiles kernels to PTX and OpenCL C with ILGPU's backends and capability contexts, without any GPU.</summary>
public sealed class OfflineKernelCompiler : IDisposable
{
    private readonly Context context = Context.Create(builder => builder.EnableAlgorithms());
    private readonly Dictionary<string, Backend> backends = [];

    /// <summary>The targets every kernel is compiled for.</summary>
    public static IReadOnlyList<string> Targets { get; } = ["ptx-sm75", "ptx-sm90", "opencl-c"];

    /// <summary>Compiles <paramref name="kernel"/> for <paramref name="target"/> and returns the generated source.</summary>
    /// <param name="kernel">A kernel method from <see cref="KernelInventory"/>, specialised if generic.</param>
    /// <param name="target">One of <see cref="Targets"/>.</param>
    /// <returns>PTX assembly or OpenCL C source.</returns>
    public string Compile(MethodInfo kernel, string target)
    {
        var backend = Backend(target);
        var entry = KernelInventory.IsGrouped(kernel)
            ? EntryPointDescription.FromExplicitlyGroupedKernel(kernel)
            : EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
        var compiled = backend.Compile(entry, default);
        return compiled switch
        {
            PTXCompiledKernel ptx => ptx.PTXAssembly,
            CLCompiledKernel cl => cl.Source,
            _ => throw new InvalidOperationException($"unexpected {compiled.GetType().Name}"),
        };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var backend in backends.Values)
            backend.Dispose();
        context.Dispose();
    }

    private Backend Backend(string target)
    {
        if (!backends.TryGetValue(target, out var backend))
        {
            backend = target switch
            {
                "ptx-sm75" => new PTXBackend(context, CudaArchitecture.SM_75, CudaInstructionSet.ISA_70, null!),
                "ptx-sm90" => new PTXBackend(context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null!),
                "opencl-c" => new CLBackend(context, OpenClCapabilities(), CLDeviceVendor.Other, CLCVersion.CL20),
                _ => throw new ArgumentException($"unknown target {target}", nameof(target)),
            };
            backends[target] = backend;
        }
        return backend;
    }

    // An OpenCL 2.0 device with the generic address space and 64-bit floats, as PoCL 6 reports.
    private static CLCapabilityContext OpenClCapabilities() => new(
        float16: false,
        float64: true,
        genericAddressSpace: true,
        int64_Atomics: true,
        subGroups: false);
}
