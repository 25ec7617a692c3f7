using Ebm.Kernels.Random;

namespace Ebm.Kernels.Samplers;

/// <summary>The Langevin proposal of MALA, preconditioned by the diagonal inverse mass matrix M⁻¹.</summary>
/// <remarks>
/// y = x − ε M⁻¹∇U(x) + √(2ε) M^−½ ξ with U = E/T; log q(y | x) = −Σⱼ (y − x + ε M⁻¹∇U(x))ⱼ² / (4ε M⁻¹ⱼ) + const.
/// </remarks>
public readonly struct LangevinProposal : IMetropolisProposal
{
    /// <inheritdoc/>
    public void Propose(ChainState state, SamplerSettings settings, int chain, ref PhiloxStream random)
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
    }

    /// <inheritdoc/>
    public float LogCorrection(ChainState state, SamplerSettings settings, int chain)
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
        return (forward - backward) / (4 * epsilon);
    }
}
