using Ebm.Kernels.Samplers;

namespace Ebm.Runtime.Chains;

/// <summary>Work that needs the transition's struct type: <see cref="TransitionChoice.Apply{TResult}"/> calls it with the chosen one.</summary>
/// <typeparam name="TResult">What the work returns.</typeparam>
public interface ITransitionOperation<out TResult>
{
    /// <summary>Runs the work with the chosen transition.</summary>
    /// <typeparam name="TTransition">The transition struct.</typeparam>
    /// <param name="transition">The transition with its parameters.</param>
    /// <returns>The result.</returns>
    TResult Run<TTransition>(TTransition transition)
        where TTransition : struct, ITransition;
}
