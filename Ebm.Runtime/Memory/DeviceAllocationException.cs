namespace Ebm.Runtime.Memory;

/// <summary>A device buffer could not be allocated; the message names the size and the device.</summary>
public sealed class DeviceAllocationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bytes">The requested size in bytes.</param>
    /// <param name="device">The device name.</param>
    /// <param name="inner">The accelerator's own error.</param>
    public DeviceAllocationException(long bytes, string device, Exception inner)
        : base($"could not allocate {bytes:N0} bytes ({bytes / (1024.0 * 1024.0):F1} MiB) on {device}: {inner.Message}", inner)
    {
        Bytes = bytes;
    }

    /// <summary>The requested size in bytes.</summary>
    public long Bytes { get; }
}
