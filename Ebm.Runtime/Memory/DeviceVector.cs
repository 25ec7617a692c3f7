using Ebm.Runtime.Accelerators;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Memory;

/// <summary>An owned one-dimensional device buffer of <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class DeviceVector<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense> buffer;

    /// <summary>Allocates <paramref name="length"/> elements on the session's accelerator (contents undefined).</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="length">The element count (≥ 0).</param>
    /// <exception cref="DeviceAllocationException">The device could not provide the memory.</exception>
    public DeviceVector(AcceleratorSession session, long length)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Session = session;
        buffer = DeviceAllocation.Allocate<T>(session, length);
    }

    /// <summary>The session the buffer lives on.</summary>
    public AcceleratorSession Session { get; }

    /// <summary>The number of elements.</summary>
    public long Length => buffer.Length;

    /// <summary>The view kernels take.</summary>
    public ArrayView<T> View => buffer.View;

    /// <summary>Copies <paramref name="source"/> (exactly <see cref="Length"/> elements) to the device.</summary>
    /// <param name="source">Host data.</param>
    public void CopyFrom(ReadOnlySpan<T> source)
    {
        DeviceAllocation.CheckLength(source.Length, Length, nameof(source));
        View.CopyFromCPU(source);
    }

    /// <summary>Copies the device contents into <paramref name="destination"/> (exactly <see cref="Length"/> elements).</summary>
    /// <param name="destination">Host memory to fill.</param>
    public void CopyTo(Span<T> destination)
    {
        DeviceAllocation.CheckLength(destination.Length, Length, nameof(destination));
        View.CopyToCPU(destination);
    }

    /// <summary>Copies the contents into <paramref name="destination"/> (as long, on the same device) without leaving the device.</summary>
    /// <param name="destination">The device vector to overwrite.</param>
    public void CopyTo(DeviceVector<T> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        DeviceAllocation.CheckLength(destination.Length, Length, nameof(destination));
        buffer.View.CopyTo(Session.Accelerator.DefaultStream, destination.View);
    }

    /// <summary>Copies elements [<paramref name="start"/>, start + destination.Length) into <paramref name="destination"/>.</summary>
    /// <param name="start">The first element to copy.</param>
    /// <param name="destination">Host memory to fill.</param>
    public void CopyRangeTo(long start, Span<T> destination)
    {
        if (start < 0 || start + destination.Length > Length)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"range of {destination.Length} elements from {start} exceeds the {Length} elements");
        View.SubView(start, destination.Length).CopyToCPU(destination);
    }

    /// <summary>Copies the device contents into a new array (for tests and final results, not for loops).</summary>
    /// <returns>The host copy.</returns>
    public T[] ToArray()
    {
        var result = new T[Length];
        CopyTo(result);
        return result;
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => buffer.MemSetToZero();

    /// <inheritdoc/>
    public void Dispose() => buffer.Dispose();
}
