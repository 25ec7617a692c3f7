using Ebm.Kernels.Energies;

namespace Ebm.Facade.Training;

/// <summary>What <see cref="MlpTrainingRun"/> trains (and <c>ebm train</c> and <c>ebm demo</c> with it): data, network, trainer options and schedule.</summary>
/// <param name="Data">A toy set name or an [n, d] NPY path.</param>
/// <param name="Layers">MLP widths, ending in 1.</param>
/// <param name="Activation">Hidden activation.</param>
/// <param name="BaseScale">
/// σ₀ of the network's Gaussian base term in multiples of the training data's widest coordinate standard deviation
/// (centred on the data mean; see <see cref="Ebm.Facade.Models.GaussianBase.AroundData"/>), or null for none.
/// </param>
/// <param name="Options">Trainer options.</param>
/// <param name="Iterations">Iterations to run in total (a resumed run continues up to this count).</param>
/// <param name="EvaluateEvery">Evaluate the test NLL by quadrature every this many iterations (d ≤ 2; 0 = never).</param>
/// <param name="TrainCount">Points generated for training (toy sets).</param>
/// <param name="TestCount">Points generated for testing (toy sets; NPY data is split 80/20).</param>
/// <param name="CheckpointPath">Where to write a checkpoint every <see cref="MlpTrainingRun.CheckpointEvery"/> iterations and at the end, or null.</param>
/// <param name="ResumePath">A checkpoint to resume from, or null.</param>
public sealed record MlpTrainingRequest(
    string Data,
    IReadOnlyList<int> Layers,
    ActivationKind Activation,
    double? BaseScale,
    TrainerOptions Options,
    int Iterations,
    int EvaluateEvery,
    int TrainCount,
    int TestCount,
    string? CheckpointPath,
    string? ResumePath);
