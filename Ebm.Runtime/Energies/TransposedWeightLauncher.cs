using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Energies;

/// <summary>Derives a network's transposed weight copy from its current parameters (<see cref="WeightTransposition"/>).</summary>
internal static class TransposedWeightLauncher
{
    /// <summary>Launches the transposition on the session's default stream, so it runs before any later launch there.</summary>
    /// <typeparam name="TNetwork">The network.</typeparam>
    /// <param name="session">The accelerator session.</param>
    /// <param name="network">The bound network.</param>
    /// <returns><paramref name="network"/>, ready for the kernels that read its copy.</returns>
    public static TNetwork Derive<TNetwork>(AcceleratorSession session, TNetwork network)
        where TNetwork : struct, ITransposedWeights
    {
        var transpose = session.Kernels.Get<Action<AcceleratorStream, Index1D, TNetwork>>((Action<Index1D, TNetwork>)WeightTransposition.Transpose);
        transpose(session.Accelerator.DefaultStream, (int)network.TransposedWeightCount, network);
        return network;
    }
}
