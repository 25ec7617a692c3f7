using Ebm.Runtime.Accelerators;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Memory;

/// <summary>Allocation and size checks shared by the owned buffer types.</summary>
internal static class DeviceAllocation
{
    public static MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(AcceleratorSession session, long length)
        where T : unmanaged
    {
        try
        {
            return session.Accelerator.Allocate1D<T>(length);
        }
        catch (Exception error) when (error is OutOfMemoryException or AcceleratorException or InvalidOperationException)
        {
            long bytes = length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            throw new DeviceAllocationException(bytes, session.Device.ToString(), error);
        }
    }

    /// <summary>Refuses, before allocating anything, a set of buffers larger than the device's memory (for a CPU device, the machine's).</summary>
    /// <param name="session">The session the buffers would live on.</param>
    /// <param name="bytes">Their total size.</param>
    /// <param name="what">What they hold, for the message ("chain state of 2 chains of dimension 1,000,000,000").</param>
    /// <exception cref="DeviceAllocationException">They do not fit.</exception>
    public static void RequireRoom(AcceleratorSession session, long bytes, string what)
    {
        if (bytes > session.Device.MemoryBytes)
            throw new DeviceAllocationException(bytes, session.Device.ToString(),
                new InsufficientMemoryException($"the {what} needs more than the device's {session.Device.MemoryBytes:N0} bytes"));
    }

    public static void CheckLength(long actual, long expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"expected {expected} elements, got {actual}", name);
    }
}
