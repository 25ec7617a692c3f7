namespace Ebm.Facade.Sampling;

/// <summary>Progress of a sampling run, reported after each launch.</summary>
/// <param name="Phase">"warmup" or "sampling".</param>
/// <param name="Step">Steps done in this phase.</param>
/// <param name="TotalSteps">Steps in this phase.</param>
/// <param name="ChainStepsPerSecond">Throughput so far.</param>
public sealed record SamplingProgress(string Phase, int Step, int TotalSteps, double ChainStepsPerSecond);
