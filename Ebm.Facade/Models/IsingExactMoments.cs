namespace Ebm.Facade.Models;

/// <summary>Exact quantities of an Ising model at its temperature, from enumeration of every configuration.</summary>
/// <param name="LogPartition">log Z.</param>
/// <param name="MeanEnergyPerSite">⟨E⟩/N.</param>
/// <param name="MeanMagnetisation">⟨M⟩/N.</param>
/// <param name="MeanAbsMagnetisation">⟨|M|⟩/N.</param>
public sealed record IsingExactMoments(double LogPartition, double MeanEnergyPerSite, double MeanMagnetisation, double MeanAbsMagnetisation);
