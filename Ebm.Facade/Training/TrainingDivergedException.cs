namespace Ebm.Facade.Training;

/// <summary>Training produced non-finite energies or gradients; the parameters of the last good iteration are kept.</summary>
/// <param name="message">What diverged and when.</param>
public sealed class TrainingDivergedException(string message) : Exception(message);
