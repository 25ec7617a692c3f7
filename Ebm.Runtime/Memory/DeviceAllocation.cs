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

    public static void CheckLength(long actual, long expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"expected {expected} elements, got {actual}", name);
    }
}
