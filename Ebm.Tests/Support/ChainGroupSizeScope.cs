using Ebm.Runtime.Kernels;

namespace Ebm.Tests.Support;

/// <summary>Sets an accelerator's <see cref="KernelCache.ChainGroupSize"/> for a scope and restores it on disposal.</summary>
public sealed class ChainGroupSizeScope : IDisposable
{
    private readonly KernelCache kernels;
    private readonly int? before;

    /// <summary>Sets the group size.</summary>
    /// <param name="kernels">The accelerator's kernels.</param>
    /// <param name="groupSize">The group size for the scope, or null for a thread per chain.</param>
    public ChainGroupSizeScope(KernelCache kernels, int? groupSize)
    {
        this.kernels = kernels;
        before = kernels.ChainGroupSize;
        kernels.ChainGroupSize = groupSize;
    }

    /// <inheritdoc/>
    public void Dispose() => kernels.ChainGroupSize = before;
}
