namespace Ebm.Facade.Models;

/// <summary>One convolution of a <see cref="ConvArchitecture"/>: its output channels, k × k kernel, stride and zero padding.</summary>
/// <param name="Channels">C_out.</param>
/// <param name="Kernel">k.</param>
/// <param name="Stride">s.</param>
/// <param name="Padding">p.</param>
public readonly record struct ConvLayer(int Channels, int Kernel, int Stride = 1, int Padding = 0)
{
    /// <summary>The text form, <c>{channels}k{kernel}s{stride}p{padding}</c>.</summary>
    /// <returns>E.g. <c>16k3s2p1</c>.</returns>
    public override string ToString() => $"{Channels}k{Kernel}s{Stride}p{Padding}";
}
