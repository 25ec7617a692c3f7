using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>Metropolis-adjusted Langevin (MALA), preconditioned by the diagonal inverse mass matrix M⁻¹.</summary>
/// <remarks>
/// Proposal y = x − ε M⁻¹∇U(x) + √(2ε) M^−½ ξ with U = E/T; log q(y | x) = −Σⱼ (y − x + ε M⁻¹∇U(x))ⱼ² / (4ε M⁻¹ⱼ) + const;
/// accept with min(1, exp(U(x) − U(y) + log q(x | y) − log q(y | x))).
/// </remarks>
public readonly struct MalaTransition : IProposalTransition
{
    /// <inheritdoc/>
    public string? Problem => null;

    /// <inheritdoc/>
    public bool NeedsGradient => true;

    /// <inheritdoc/>
    public void Step<TEnergy>(TEnergy energy, ChainState state, SamplerSettings settings, int chain, int step, ref PhiloxStream random)
        where TEnergy : struct, IEnergy =>
        ProposalStep.Run(this, energy, state, settings, chain, step, ref random);

    /// <inheritdoc/>
    public bool Propose(ChainState state, SamplerSettings settings, int chain, ref PhiloxStream random)
    {
        var position = state.Of(state.Positions, chain);
        var gradient = state.Of(state.Gradients, chain);
        var proposal = state.Of(state.Proposals, chain);
        float beta = settings.InverseTemperature, epsilon = state.StepSizes[chain], noise = MathF.Sqrt(2 * epsilon);
        for (int j = 0; j < state.Dimension; j++)
        {
            float inverseMass = state.InverseMass[j];
            proposal[j] = position[j] - epsilon * beta * inverseMass * gradient[j] + noise * MathF.Sqrt(inverseMass) * random.NextNormal();
        }
        return true;
    }

    /// <inheritdoc/>
    public PointView Point(ChainState state, int chain) => state.Of(state.Proposals, chain);

    /// <inheritdoc/>
    public PointView PointGradient(ChainState state, int chain) => state.Of(state.ProposalGradients, chain);

    /// <inheritdoc/>
    public void Complete(ChainState state, SamplerSettings settings, int chain, int step, float energy, ref PhiloxStream random)
    {
        var position = state.Of(state.Positions, chain);
        var gradient = state.Of(state.Gradients, chain);
        var proposal = state.Of(state.Proposals, chain);
        var proposalGradient = state.Of(state.ProposalGradients, chain);
        float beta = settings.InverseTemperature, epsilon = state.StepSizes[chain];
        float forward = 0, backward = 0; // M-norms of y − x + εM⁻¹∇U(x) and x − y + εM⁻¹∇U(y)
        for (int j = 0; j < state.Dimension; j++)
        {
            float inverseMass = state.InverseMass[j];
            float f = proposal[j] - position[j] + epsilon * beta * inverseMass * gradient[j];
            float b = position[j] - proposal[j] + epsilon * beta * inverseMass * proposalGradient[j];
            forward += f * f / inverseMass;
            backward += b * b / inverseMass;
        }
        if (!float.IsFinite(energy))
            state.Divergent[chain] += 1;
        float logRatio = beta * (state.Energies[chain] - energy) - (backward - forward) / (4 * epsilon);
        ChainUpdate.Decide(state, settings, chain, step, logRatio, energy, ref random);
    }
}
