using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>Hamiltonian Monte Carlo with a leapfrog integrator and a diagonal mass matrix.</summary>
/// <remarks>
/// U = E/T, K(p) = ½ pᵀM⁻¹p, p ~ N(0, M). Accept with min(1, exp(H₀ − H₁)); a transition with H₁ − H₀ above
/// <see cref="DivergenceThreshold"/> (or non-finite) is divergent and rejected.
/// </remarks>
public struct HmcTransition : IGroupTransition
{
    /// <summary>L, the leapfrog steps of a trajectory (the most, with jitter).</summary>
    public int Leapfrog;

    /// <summary>T, the trajectory length (integration time) that <see cref="TrajectoryJitter.SharedHalton"/> jitters; unused otherwise.</summary>
    public float TrajectoryLength;

    /// <summary>How the number of leapfrog steps is chosen.</summary>
    public TrajectoryJitter Jitter;

    /// <summary>An energy error H₁ − H₀ above this makes the transition divergent (Stan uses 1000).</summary>
    public float DivergenceThreshold;

    /// <inheritdoc/>
    public readonly string? Problem =>
        Leapfrog < 1 ? $"HMC needs at least 1 leapfrog step (got {Leapfrog})"
        : Jitter == TrajectoryJitter.SharedHalton && !(TrajectoryLength > 0 && float.IsFinite(TrajectoryLength)) ? $"a shared jittered trajectory needs a positive, finite length (got {TrajectoryLength})"
        : !(DivergenceThreshold > 0) ? $"HMC's divergence threshold must be positive (got {DivergenceThreshold})"
        : null;

    /// <inheritdoc/>
    public readonly void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy
    {
        float initialHamiltonian = StartTrajectory(state, settings, chain, ref random);
        float proposalEnergy = LeapfrogIntegrator.Integrate(energy, state, state.Of(state.Proposals, chain), state.Of(state.ProposalGradients, chain),
            state.Of(state.Momenta, chain), state.StepSizes[chain], settings.InverseTemperature, LeapfrogSteps(state, settings, chain, step, ref random), chain);
        FinishTrajectory(state, settings, chain, step, initialHamiltonian, proposalEnergy, ref random);
    }

    /// <inheritdoc/>
    /// <remarks>The group integrates as long as any of its chains does (a jittered trajectory ends earlier for some).</remarks>
    public readonly void StepInGroup<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int slot, bool owned, int step,
        ref PhiloxStream random)
        where TEnergy : struct, IGroupEnergy
    {
        float initialHamiltonian = owned ? StartTrajectory(state, settings, chain, ref random) : 0;
        int leapfrogSteps = owned ? LeapfrogSteps(state, settings, chain, step, ref random) : 0;
        float proposalEnergy = LeapfrogIntegrator.IntegrateInGroup(energy, state, state.Of(state.Proposals, chain), state.Of(state.ProposalGradients, chain),
            state.Of(state.Momenta, chain), state.StepSizes[chain], settings.InverseTemperature, leapfrogSteps, slot);
        if (owned)
            FinishTrajectory(state, settings, chain, step, initialHamiltonian, proposalEnergy, ref random);
    }

    // The trajectory's leapfrog steps: L, or jittered (drawing from the chain's stream for Uniform).
    private readonly int LeapfrogSteps(ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random) => Jitter switch
    {
        TrajectoryJitter.Uniform => 1 + (int)(random.NextUniform() * Leapfrog),
        TrajectoryJitter.SharedHalton => SharedSteps(TrajectoryLength, state.StepSizes[chain], settings.FirstStep + (ulong)step, Leapfrog),
        _ => Leapfrog,
    };

    /// <summary>The leapfrog steps of <see cref="TrajectoryJitter.SharedHalton"/> at pool step <paramref name="poolStep"/>: ⌈u·T/ε⌉, between 1 and <paramref name="most"/>.</summary>
    /// <param name="length">T.</param>
    /// <param name="stepSize">ε.</param>
    /// <param name="poolStep">The pool's step counter.</param>
    /// <param name="most">L.</param>
    /// <returns>The steps.</returns>
    public static int SharedSteps(float length, float stepSize, ulong poolStep, int most)
    {
        float steps = MathF.Ceiling(Halton.Base2(poolStep + 1) * length / stepSize);
        return steps < 1 ? 1 : steps > most ? most : (int)steps;
    }

    /// <summary>Draws p ~ N(0, M) into the momentum row, copies x and ∇ₓE into the proposal rows, and returns H₀ = βE(x) + K(p).</summary>
    /// <param name="state">The state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="random">The chain's stream.</param>
    /// <returns>H₀.</returns>
    public static float StartTrajectory(ChainState state, SamplerSettings settings, int chain, ref PhiloxStream random)
    {
        var position = state.Of(state.Positions, chain);
        var gradient = state.Of(state.Gradients, chain);
        var proposal = state.Of(state.Proposals, chain);
        var proposalGradient = state.Of(state.ProposalGradients, chain);
        var momentum = state.Of(state.Momenta, chain);
        float kinetic = 0;
        for (int j = 0; j < state.Dimension; j++)
        {
            float z = random.NextNormal();
            momentum[j] = z / MathF.Sqrt(state.InverseMass[j]); // p_j = z_j / √(M⁻¹_j) ~ N(0, M_j), K_j = ½ z_j²
            kinetic += 0.5f * z * z;
            proposal[j] = position[j];
            proposalGradient[j] = gradient[j];
        }
        return settings.InverseTemperature * state.Energies[chain] + kinetic;
    }

    /// <summary>Computes H₁ at the end of the trajectory in the proposal and momentum rows, counts a divergence, and decides.</summary>
    /// <param name="state">The state.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="step">The step within the launch.</param>
    /// <param name="initialHamiltonian">H₀.</param>
    /// <param name="proposalEnergy">E at the end of the trajectory.</param>
    /// <param name="random">The chain's stream.</param>
    public readonly void FinishTrajectory(ChainState state, SamplerSettings settings, int chain, int step, float initialHamiltonian,
        float proposalEnergy, ref PhiloxStream random)
    {
        var momentum = state.Of(state.Momenta, chain);
        float kinetic = 0;
        for (int j = 0; j < state.Dimension; j++)
            kinetic += 0.5f * momentum[j] * momentum[j] * state.InverseMass[j];
        float error = settings.InverseTemperature * proposalEnergy + kinetic - initialHamiltonian; // H₁ − H₀
        bool divergent = float.IsNaN(error) || error > DivergenceThreshold; // explicit NaN test: see ChainUpdate.Accept
        if (divergent)
            state.Divergent[chain] += 1;
        ChainUpdate.Decide(state, settings, chain, step, divergent ? float.NaN : -error, proposalEnergy, ref random);
    }
}
