using Ebm.Kernels.Energies;
using ILGPU;

namespace Ebm.Kernels.Samplers;

/// <summary>The leapfrog (velocity Verlet) integrator of HMC with a diagonal inverse mass matrix.</summary>
/// <remarks>
/// p(n+½) = p(n) − ε/2 ∇U(x(n)); x(n+1) = x(n) + ε M⁻¹ p(n+½); p(n+1) = p(n+½) − ε/2 ∇U(x(n+1)), with U = βE.
/// </remarks>
public static class LeapfrogIntegrator
{
    /// <summary>
    /// <paramref name="steps"/> leapfrog steps of size <paramref name="epsilon"/> from (x, p) in place; x's gradient
    /// must be current and stays current.
    /// </summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="energy">The energy.</param>
    /// <param name="state">The state (for the inverse mass).</param>
    /// <param name="position">x, updated.</param>
    /// <param name="gradient">∇ₓE at x, updated.</param>
    /// <param name="momentum">p, updated.</param>
    /// <param name="epsilon">ε.</param>
    /// <param name="beta">1/T.</param>
    /// <param name="steps">The number of leapfrog steps.</param>
    /// <param name="slot">The workspace slot.</param>
    /// <returns>E at the final position.</returns>
    public static float Integrate<TEnergy>(TEnergy energy, ChainState state, PointView position, PointView gradient,
        PointView momentum, float epsilon, float beta, int steps, int slot)
        where TEnergy : struct, IEnergy
    {
        float finalEnergy = 0;
        for (int n = 0; n < steps; n++)
        {
            KickAndDrift(state, position, gradient, momentum, epsilon, beta);
            finalEnergy = energy.EnergyAndGradient(position, gradient, slot);
            Kick(state, gradient, momentum, epsilon, beta);
        }
        return finalEnergy;
    }

    /// <summary>
    /// <see cref="Integrate"/> with the chain's work-group (called by every work-item of it): each leapfrog step evaluates
    /// the group's positions together, for as many steps as the longest trajectory of the group. A work-item with fewer
    /// <paramref name="steps"/> (none for the group's tail) keeps joining the evaluations with its position unchanged.
    /// </summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="energy">The energy.</param>
    /// <param name="state">The state (for the inverse mass).</param>
    /// <param name="position">x, updated.</param>
    /// <param name="gradient">∇ₓE at x, updated.</param>
    /// <param name="momentum">p, updated.</param>
    /// <param name="epsilon">ε.</param>
    /// <param name="beta">1/T.</param>
    /// <param name="steps">This chain's leapfrog steps.</param>
    /// <param name="slot">This work-item's workspace slot.</param>
    /// <returns>E at the final position (0 when <paramref name="steps"/> is 0), equal to <see cref="Integrate"/>'s bit for bit, as are x, ∇ₓE and p.</returns>
    public static float IntegrateInGroup<TEnergy>(TEnergy energy, ChainState state, PointView position, PointView gradient,
        PointView momentum, float epsilon, float beta, int steps, int slot)
        where TEnergy : struct, IGroupEnergy
    {
        float finalEnergy = 0;
        for (int n = 0; Group.BarrierOr(n < steps); n++)
        {
            bool moves = n < steps;
            if (moves)
            {
                KickAndDrift(state, position, gradient, momentum, epsilon, beta);
            }
            energy.Stage(position, slot);
            energy.EvaluateStaged(true);
            if (moves)
            {
                finalEnergy = energy.StagedResult(position, gradient, slot, true);
                Kick(state, gradient, momentum, epsilon, beta);
            }
        }
        return finalEnergy;
    }

    // p(n+½) = p(n) − ε/2 ∇U(x(n)), then x(n+1) = x(n) + ε M⁻¹ p(n+½).
    private static void KickAndDrift(ChainState state, PointView position, PointView gradient, PointView momentum, float epsilon, float beta)
    {
        for (int j = 0; j < state.Dimension; j++)
        {
            momentum[j] -= 0.5f * epsilon * beta * gradient[j];
            position[j] += epsilon * state.InverseMass[j] * momentum[j];
        }
    }

    // p(n+1) = p(n+½) − ε/2 ∇U(x(n+1)).
    private static void Kick(ChainState state, PointView gradient, PointView momentum, float epsilon, float beta)
    {
        for (int j = 0; j < state.Dimension; j++)
            momentum[j] -= 0.5f * epsilon * beta * gradient[j];
    }

    /// <summary>Integrates every chain from its state (positions, gradients, momenta) in place, for tests of the integrator itself.</summary>
    /// <typeparam name="TEnergy">The energy.</typeparam>
    /// <param name="chain">The chain.</param>
    /// <param name="energy">The energy.</param>
    /// <param name="state">The state; Momenta must be set.</param>
    /// <param name="steps">L.</param>
    /// <param name="beta">1/T.</param>
    public static void IntegrateChains<TEnergy>(Index1D chain, TEnergy energy, ChainState state, int steps, float beta)
        where TEnergy : struct, IEnergy
    {
        int c = chain.X;
        state.Energies[c] = Integrate(energy, state, state.Of(state.Positions, c), state.Of(state.Gradients, c),
            state.Of(state.Momenta, c), state.StepSizes[c], beta, steps, c);
    }
}
