using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;
using ILGPU;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>A test kernel that applies the Metropolis test to given log ratios, so each backend's decisions can be checked.</summary>
public static class AcceptProbe
{
    public static void Run(Index1D i, ArrayView<float> logRatios, ArrayView<int> accepted, ArrayView<float> probabilities)
    {
        var random = new PhiloxStream(1, (uint)i.X, 0);
        accepted[i] = ChainUpdate.Accept(logRatios[i], ref random, out float probability) ? 1 : 0;
        probabilities[i] = probability;
    }
}
