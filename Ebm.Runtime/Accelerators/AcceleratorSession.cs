using Ebm.Runtime.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Accelerators;

/// <summary>Owns one ILGPU context, one accelerator on it and the kernels loaded there; disposed once.</summary>
public sealed class AcceleratorSession : IDisposable
{
    private int disposed;

    private AcceleratorSession(Context context, Accelerator accelerator, DeviceDescription device)
    {
        Context = context;
        Accelerator = accelerator;
        Device = device;
        Kernels = new KernelCache(accelerator);
    }

    /// <summary>The ILGPU context.</summary>
    public Context Context { get; }

    /// <summary>The accelerator every buffer and kernel of this session lives on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The device behind <see cref="Accelerator"/>.</summary>
    public DeviceDescription Device { get; }

    /// <summary>Kernels loaded on this accelerator, each compiled once.</summary>
    public KernelCache Kernels { get; }

    /// <summary>Opens the accelerator named by <paramref name="request"/>.</summary>
    /// <param name="request">What to open.</param>
    /// <returns>The session; dispose it when done.</returns>
    /// <exception cref="AcceleratorNotFoundException">No device matches; the message lists what exists.</exception>
    public static AcceleratorSession Open(AcceleratorRequest request)
    {
        var context = DeviceCatalog.CreateContext();
        try
        {
            var (device, description) = DeviceCatalog.Find(context, request);
            return new AcceleratorSession(context, device.CreateAccelerator(context), description);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Opens the accelerator named by <paramref name="explicitRequest"/>, else by <c>EBM_ACCELERATOR</c>, else <c>auto</c>.</summary>
    /// <param name="explicitRequest">A request such as <c>cpu</c> or <c>cuda:1</c>, or null.</param>
    /// <returns>The session; dispose it when done.</returns>
    public static AcceleratorSession Open(string? explicitRequest = null) =>
        Open(AcceleratorRequest.Resolve(explicitRequest));

    /// <summary>Waits until every launched kernel has finished.</summary>
    public void Synchronize() => Accelerator.Synchronize();

    /// <summary>
    /// Refuses, before anything is allocated, buffers that would need more than the device's memory (for a CPU device,
    /// the machine's), with a message that names them.
    /// </summary>
    /// <param name="bytes">Their total size.</param>
    /// <param name="what">What they hold ("replay buffer of 1,000,000,000 points of dimension 2 (--buffer)").</param>
    /// <exception cref="Memory.DeviceAllocationException">They do not fit.</exception>
    public void RequireRoom(long bytes, string what) => Memory.DeviceAllocation.RequireRoom(this, bytes, what);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        Accelerator.Dispose();
        Context.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => Device.ToString();
}
