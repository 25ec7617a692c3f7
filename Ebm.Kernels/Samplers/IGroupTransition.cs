using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>
/// A transition whose chains a work-group moves together, evaluating the energy at all of its chains' points at once
/// (<see cref="ChainDriver.RunInGroups{TEnergy, TTransition}"/>), with the same bits as <see cref="ITransition.Step"/> for each
/// chain alone.
/// </summary>
public interface IGroupTransition : ITransition
{
    /// <summary>Moves chain <paramref name="chain"/> by one transition with the rest of its work-group (every work-item of the group calls it).</summary>
    /// <typeparam name="TEnergy">The energy, evaluated by the whole group (<see cref="IGroupEnergy"/>).</typeparam>
    /// <param name="energy">The energy.</param>
    /// <param name="state">Every chain's state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="slot">This work-item's workspace slot.</param>
    /// <param name="owned">
    /// False for a work-item past the last chain (the last group's tail): it joins the group's evaluations with a point of
    /// <paramref name="chain"/>'s, which it reads while that chain's own work-item writes it, and changes nothing.
    /// </param>
    /// <param name="step">The step within the launch (0-based).</param>
    /// <param name="random">The chain's stream at this step.</param>
    void StepInGroup<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int slot, bool owned, int step, ref PhiloxStream random)
        where TEnergy : struct, IGroupEnergy;
}
