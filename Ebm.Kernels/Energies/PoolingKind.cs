namespace Ebm.Kernels.Energies;

/// <summary>How a convolutional energy reduces its last feature maps to one value per channel before the linear head.</summary>
public enum PoolingKind
{
    /// <summary>The mean over the positions of each channel (PyTorch's <c>nn.AdaptiveAvgPool2d(1)</c>).</summary>
    Average,

    /// <summary>The sum over the positions of each channel.</summary>
    Sum,
}
