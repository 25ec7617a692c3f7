using Ebm.Kernels.Energies;

namespace Ebm.Runtime.Energies;

/// <summary>Work that needs the energy's struct type at compile time (a sampler launch): the visitor of <see cref="DeviceEnergy.Apply{TResult}"/>.</summary>
/// <typeparam name="TResult">What the work returns.</typeparam>
public interface IEnergyOperation<out TResult>
{
    /// <summary>Runs the work for a concrete energy type.</summary>
    /// <typeparam name="TEnergy">The energy struct.</typeparam>
    /// <param name="energy">The device energy.</param>
    /// <returns>The result.</returns>
    TResult Run<TEnergy>(DeviceEnergy<TEnergy> energy)
        where TEnergy : struct, IEnergy;
}
