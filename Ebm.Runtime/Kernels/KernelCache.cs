using System.Collections.Concurrent;
using System.Reflection;
using ILGPU.Runtime;

namespace Ebm.Runtime.Kernels;

/// <summary>Typed kernel launchers loaded once per accelerator, keyed by kernel method (with its type arguments).</summary>
/// <param name="accelerator">The accelerator the kernels are compiled for.</param>
public sealed class KernelCache(Accelerator accelerator)
{
    private readonly ConcurrentDictionary<(Type Launcher, MethodInfo Kernel), Delegate> launchers = new();

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
        return (TLauncher)launchers.GetOrAdd(
            (typeof(TLauncher), kernel),
            static (key, owner) => owner.LoadAutoGroupedKernel<TLauncher>(key.Kernel),
            accelerator);
    }

    /// <summary>Returns the launcher of the kernel behind <paramref name="kernel"/>, compiling it on first use.</summary>
    /// <typeparam name="TLauncher">The launcher type (see <see cref="Get{TLauncher}(MethodInfo)"/>).</typeparam>
    /// <param name="kernel">A delegate to the kernel method.</param>
    /// <returns>The cached launcher.</returns>
    public TLauncher Get<TLauncher>(Delegate kernel)
        where TLauncher : Delegate => Get<TLauncher>(kernel.Method);
}
