using Ebm.Facade.Models;

namespace Ebm.Facade.Training;

/// <summary>What <see cref="NetworkTrainingRun"/> trains (and <c>ebm train</c> and <c>ebm demo</c> with it): data, network, trainer options and schedule.</summary>
/// <param name="Data">A toy set name, <c>fashion-mnist[:train|:test]</c> or an [n, d] NPY path.</param>
/// <param name="Network">The network: an <see cref="MlpArchitecture"/> or a <see cref="ConvArchitecture"/>.</param>
/// <param name="BaseScale">
/// σ₀ of the network's Gaussian base term in multiples of the training data's widest coordinate standard deviation
/// (centred on the data mean; see <see cref="Ebm.Facade.Models.GaussianBase.AroundData"/>), or null for none (MLPs only).
/// </param>
/// <param name="Options">Trainer options.</param>
/// <param name="Iterations">Iterations to run in total (a resumed run continues up to this count).</param>
/// <param name="EvaluateEvery">Evaluate the test NLL by quadrature every this many iterations (d ≤ 2; 0 = never).</param>
/// <param name="TrainCount">Points generated for training (toy sets).</param>
/// <param name="TestCount">Points generated for testing (toy sets; NPY data is split 80/20).</param>
/// <param name="CheckpointPath">Where to write a checkpoint every <see cref="NetworkTrainingRun.CheckpointEvery"/> iterations and at the end, or null.</param>
/// <param name="ResumePath">A checkpoint to resume from, or null.</param>
public sealed record NetworkTrainingRequest(
    string Data,
    NetworkArchitecture Network,
    double? BaseScale,
    TrainerOptions Options,
    int Iterations,
    int EvaluateEvery,
    int TrainCount,
    int TestCount,
    string? CheckpointPath,
    string? ResumePath);
