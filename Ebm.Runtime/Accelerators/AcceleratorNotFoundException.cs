namespace Ebm.Runtime.Accelerators;

/// <summary>The requested accelerator is not present; the message lists the devices that are.</summary>
public sealed class AcceleratorNotFoundException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="request"/> given the devices that exist.</summary>
    /// <param name="request">What was asked for.</param>
    /// <param name="available">The devices found on this machine.</param>
    public AcceleratorNotFoundException(AcceleratorRequest request, IReadOnlyList<DeviceDescription> available)
        : base($"no {request} accelerator on this machine; available: {string.Join(", ", available)}")
    {
        Request = request;
        Available = available;
    }

    /// <summary>What was asked for.</summary>
    public AcceleratorRequest Request { get; }

    /// <summary>The devices found on this machine.</summary>
    public IReadOnlyList<DeviceDescription> Available { get; }
}
