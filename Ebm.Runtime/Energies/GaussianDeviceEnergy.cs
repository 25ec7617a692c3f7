using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;

namespace Ebm.Runtime.Energies;

/// <summary>The full-covariance Gaussian on the device, with the workspace its work-groups stage their points in (<see cref="GaussianEnergy"/>).</summary>
/// <param name="session">The accelerator session.</param>
/// <param name="mean">μ, d values (owned: disposed with the energy).</param>
/// <param name="precision">P, [d, d] row-major (owned).</param>
public sealed class GaussianDeviceEnergy(AcceleratorSession session, DeviceVector<float> mean, DeviceVector<float> precision)
    : DeviceEnergy<GaussianEnergy>(session, (int)mean.Length)
{
    private readonly SlotWorkspace workspace = new(session, GaussianEnergy.WorkspaceStrideOf((int)mean.Length));

    /// <inheritdoc/>
    /// <remarks>Only work-groups read the workspace, so without a chain group size (ILGPU's CPU accelerator) none is allocated.</remarks>
    public override GaussianEnergy Bind(int slots) =>
        new(mean.View, precision.View, Session.Kernels.ChainGroupSize is null ? default : workspace.For(slots));

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        mean.Dispose();
        precision.Dispose();
        workspace.Dispose();
    }
}
