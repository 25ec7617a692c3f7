namespace Ebm.Facade.Training;

/// <summary>A held-out measurement during <see cref="NetworkTrainingRun.Execute"/>.</summary>
/// <param name="Iteration">The iteration just completed.</param>
/// <param name="TestNll">The mean test negative log-likelihood in nats, log Z by quadrature.</param>
public sealed record TrainingEvaluation(int Iteration, double TestNll);
