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
        int d = state.Dimension;
        float finalEnergy = 0;
        for (int n = 0; n < steps; n++)
        {
            for (int j = 0; j < d; j++)
            {
                momentum[j] -= 0.5f * epsilon * beta * gradient[j];            // p(n+½)
                position[j] += epsilon * state.InverseMass[j] * momentum[j];   // x(n+1)
            }
            finalEnergy = energy.EnergyAndGradient(position, gradient, slot);
            for (int j = 0; j < d; j++)
                momentum[j] -= 0.5f * epsilon * beta * gradient[j];            // p(n+1)
        }
        return finalEnergy;
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
