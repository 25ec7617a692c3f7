namespace Ebm.Facade.Models;

/// <summary>A spec whose energy has trainable parameters θ in one flat list (the device layout).</summary>
public interface ITrainableSpec
{
    /// <summary>θ.</summary>
    IReadOnlyList<float> Parameters { get; }

    /// <summary>The same model with parameters <paramref name="parameters"/> (e.g. after training).</summary>
    /// <param name="parameters">θ, same length.</param>
    /// <returns>The new spec.</returns>
    EnergySpec WithParameters(IReadOnlyList<float> parameters);
}
