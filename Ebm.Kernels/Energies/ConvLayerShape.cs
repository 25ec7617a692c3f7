using System.Runtime.CompilerServices;
using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// One convolution of a <see cref="ConvEnergy"/>: k × k kernels with stride s and zero padding p from an input of
/// C_in × H_in × W_in values to C_out × H_out × W_out, H_out = ⌊(H_in + 2p − k)/s⌋ + 1 (PyTorch's <c>nn.Conv2d</c>).
/// Feature maps are stored channel by channel, row by row, as PyTorch's NCHW tensors are.
/// </summary>
public struct ConvLayerShape
{
    /// <summary>The ints one layer takes in a geometry buffer (<see cref="Write"/>, <see cref="Read"/>).</summary>
    public const int Fields = 9;

    /// <summary>C_in.</summary>
    public int InChannels;

    /// <summary>H_in.</summary>
    public int InHeight;

    /// <summary>W_in.</summary>
    public int InWidth;

    /// <summary>C_out.</summary>
    public int OutChannels;

    /// <summary>H_out.</summary>
    public int OutHeight;

    /// <summary>W_out.</summary>
    public int OutWidth;

    /// <summary>k.</summary>
    public int Kernel;

    /// <summary>s.</summary>
    public int Stride;

    /// <summary>p.</summary>
    public int Padding;

    /// <summary>The layer that maps an input of the given shape through <paramref name="outChannels"/> k × k kernels.</summary>
    /// <param name="inChannels">C_in.</param>
    /// <param name="inHeight">H_in.</param>
    /// <param name="inWidth">W_in.</param>
    /// <param name="outChannels">C_out.</param>
    /// <param name="kernel">k.</param>
    /// <param name="stride">s.</param>
    /// <param name="padding">p.</param>
    /// <returns>The shape; its output sizes are below 1 when the kernel does not fit the padded input.</returns>
    public static ConvLayerShape Of(int inChannels, int inHeight, int inWidth, int outChannels, int kernel, int stride, int padding) => new()
    {
        InChannels = inChannels,
        InHeight = inHeight,
        InWidth = inWidth,
        OutChannels = outChannels,
        Kernel = kernel,
        Stride = stride,
        Padding = padding,
        OutHeight = OutputSize(inHeight, kernel, stride, padding),
        OutWidth = OutputSize(inWidth, kernel, stride, padding),
    };

    /// <summary>C_in · H_in · W_in.</summary>
    public readonly int InSize => InChannels * InHeight * InWidth;

    /// <summary>H_out · W_out.</summary>
    public readonly int OutPlane => OutHeight * OutWidth;

    /// <summary>C_out · H_out · W_out.</summary>
    public readonly int OutSize => OutChannels * OutPlane;

    /// <summary>C_in · k · k, the weights of one output channel (PyTorch's fan-in).</summary>
    public readonly int FanIn => InChannels * Kernel * Kernel;

    /// <summary>The weights [C_out, C_in, k, k] and biases [C_out].</summary>
    public readonly int ParameterCount => OutChannels * FanIn + OutChannels;

    /// <summary>The offset of weight (o, i, ky, kx) from the layer's first weight.</summary>
    /// <param name="o">The output channel.</param>
    /// <param name="i">The input channel.</param>
    /// <param name="ky">The kernel row.</param>
    /// <param name="kx">The kernel column.</param>
    /// <returns>((o · C_in + i) · k + ky) · k + kx.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int Weight(int o, int i, int ky, int kx) => ((o * InChannels + i) * Kernel + ky) * Kernel + kx;

    /// <summary>Stores the layer at position <paramref name="layer"/> of a geometry buffer (host side).</summary>
    /// <param name="geometry">At least (layer + 1) · <see cref="Fields"/> ints.</param>
    /// <param name="layer">The layer index.</param>
    public readonly void Write(Span<int> geometry, int layer)
    {
        var fields = geometry.Slice(layer * Fields, Fields);
        fields[0] = InChannels;
        fields[1] = InHeight;
        fields[2] = InWidth;
        fields[3] = OutChannels;
        fields[4] = OutHeight;
        fields[5] = OutWidth;
        fields[6] = Kernel;
        fields[7] = Stride;
        fields[8] = Padding;
    }

    /// <summary>The layer at position <paramref name="layer"/> of a geometry buffer (in kernels).</summary>
    /// <param name="geometry">The buffer <see cref="Write"/> filled.</param>
    /// <param name="layer">The layer index.</param>
    /// <returns>The shape.</returns>
    public static ConvLayerShape Read(ArrayView<int> geometry, int layer)
    {
        long at = (long)layer * Fields;
        return new ConvLayerShape
        {
            InChannels = geometry[at],
            InHeight = geometry[at + 1],
            InWidth = geometry[at + 2],
            OutChannels = geometry[at + 3],
            OutHeight = geometry[at + 4],
            OutWidth = geometry[at + 5],
            Kernel = geometry[at + 6],
            Stride = geometry[at + 7],
            Padding = geometry[at + 8],
        };
    }

    private static int OutputSize(int input, int kernel, int stride, int padding) =>
        stride < 1 || input + 2 * padding < kernel ? 0 : (input + 2 * padding - kernel) / stride + 1;
}
