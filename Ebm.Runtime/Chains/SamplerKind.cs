namespace Ebm.Runtime.Chains;

/// <summary>The continuous-space samplers a chain pool can be advanced with.</summary>
public enum SamplerKind
{
    /// <summary>Unadjusted Langevin (and its SGLD form with a separate noise scale).</summary>
    Ula,

    /// <summary>Metropolis-adjusted Langevin.</summary>
    Mala,

    /// <summary>Hamiltonian Monte Carlo (leapfrog, diagonal mass matrix).</summary>
    Hmc,

    /// <summary>Random-walk Metropolis–Hastings with Gaussian proposals.</summary>
    Rwmh,

    /// <summary>The No-U-Turn sampler (multinomial, generalised U-turn, diagonal mass matrix).</summary>
    Nuts,

    /// <summary>ChEES-HMC: HMC with one jittered trajectory length and step size shared by every chain, both tuned across chains.</summary>
    Chees,
}
