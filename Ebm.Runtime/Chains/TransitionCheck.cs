using Ebm.Kernels.Samplers;

namespace Ebm.Runtime.Chains;

/// <summary>The host-side check every launcher of a transition makes before it launches.</summary>
internal static class TransitionCheck
{
    /// <summary>Throws when the transition's parameters cannot sample (see <see cref="ITransition.Problem"/>).</summary>
    /// <typeparam name="TTransition">The transition struct.</typeparam>
    /// <param name="transition">The transition.</param>
    /// <exception cref="ArgumentException">It names the problem.</exception>
    public static void Require<TTransition>(TTransition transition)
        where TTransition : struct, ITransition
    {
        if (transition.Problem is { } problem)
            throw new ArgumentException(problem, nameof(transition));
    }
}
