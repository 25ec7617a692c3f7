using System.Diagnostics;
using Ebm.Facade.Distributed;
using Ebm.Facade.Models;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Memory;

namespace Ebm.Facade.Sampling;

/// <summary>
/// Warm-up: dual averaging of the step size (per chain inside the fused kernel, or shared across chains with one
/// update per iteration from the mean acceptance, or for ChEES-HMC from their harmonic mean, with its trajectory length
/// tuned across chains by <see cref="TrajectoryLengthTuner"/> from <see cref="CheesReduction"/>) and, for HMC, NUTS,
/// ChEES-HMC and MALA, a diagonal mass matrix estimated by Welford's algorithm over each slow window's draws of every chain.
/// Everything is frozen when warm-up ends. In a sharded run the cross-chain quantities (the window's draws, the
/// acceptance behind a shared step size) are gathered from every process in chain order first.
/// </summary>
internal sealed class WarmupAdapter(EnergyModel model, ChainPool pool, SamplerOptions options, ChainShard shard)
{
    private const int StepsPerLaunch = 50;

    public void Run(IProgress<SamplingProgress>? progress, CancellationToken cancellation)
    {
        bool adaptMass = options.Kind is SamplerKind.Hmc or SamplerKind.Nuts or SamplerKind.Chees or SamplerKind.Mala && options.AdaptMassMatrix;
        var clock = Stopwatch.StartNew();
        using var start = options.Kind == SamplerKind.Chees ? new DeviceVector<float>(pool.Session, pool.PositionBuffer.Length) : null;
        cheesStart = start;
        int done = 0;
        foreach (var (steps, estimateMass) in WarmupSchedule.Phases(options.Warmup, adaptMass))
        {
            RestartStepSizeAdaptation();
            var window = estimateMass ? new WelfordVariance(model.Dimension) : null;
            for (int iteration = 0; iteration < steps;)
            {
                cancellation.ThrowIfCancellationRequested();
                int launch = options.SharesStepSize && options.AdaptsStepSize ? 1 : Math.Min(StepsPerLaunch, steps - iteration);
                Advance(launch, iteration, window);
                iteration += launch;
                done += launch;
                progress?.Report(new SamplingProgress("warmup", done, options.Warmup, done * (double)options.Chains / clock.Elapsed.TotalSeconds));
            }
            FinishStepSizeAdaptation();
            if (window is not null)
                pool.SetInverseMass(window.RegularizedVariance());
        }
    }

    private void Advance(int steps, int iteration, WelfordVariance? window)
    {
        var settings = LaunchSettings.For(options, model.Temperature);
        settings.Steps = steps;
        settings.Adaptation = options.AdaptsStepSize && !options.SharesStepSize ? StepSizeAdaptation.DualAveraging : StepSizeAdaptation.Fixed;
        settings.AdaptationIteration = iteration;
        settings.Thin = window is null ? 0 : 1;
        bool chees = options.Kind == SamplerKind.Chees && options.AdaptsStepSize;
        float[] sumsBefore = options.SharedStepSize && options.AdaptsStepSize && !chees ? shard.Gather(pool.AcceptanceSums.ToArray()) : [];
        int leapfrogs = chees ? StartCheesTransition() : 0;
        using var draws = window is null ? null : new DeviceVector<float>(pool.Session, (long)steps * pool.Chains * pool.Dimension);
        ChainAdvance.Run(model.Device, pool, LaunchSettings.TransitionOf(options), settings, draws);
        if (draws is not null)
            window!.AddAll(shard.Gather(draws.ToArray(), steps));
        if (sumsBefore.Length > 0)
            UpdateSharedStepSize(iteration, sumsBefore);
        if (chees)
            FinishCheesTransition(iteration, leapfrogs);
    }

    // ChEES-HMC: the positions before the transition, for the cross-chain reduction after it.
    private DeviceVector<float>? cheesStart;
    private TrajectoryLengthTuner? lengthTuner;
    private float sharedStep;

    // Keeps the starting positions and zeroes the counters (so each chain's acceptance sum is this transition's α); returns L.
    private int StartCheesTransition()
    {
        pool.PositionBuffer.CopyTo(cheesStart!);
        pool.ResetCounters();
        return HmcTransition.SharedSteps(pool.TrajectoryLength, sharedStep, pool.Step, TransitionChoice.CheesMaxLeapfrog);
    }

    private void FinishCheesTransition(int iteration, int leapfrogs)
    {
        var measured = CheesReduction.Measure(pool, cheesStart!, leapfrogs * (double)sharedStep);
        float logStep = DualAveraging.Update(iteration + 1, (float)measured.HarmonicAcceptance, options.EffectiveTargetAcceptance, sharedMu, ref sharedHBar, ref sharedLogStepBar);
        sharedStep = MathF.Exp(logStep);
        pool.SetStepSizes(sharedStep);
        lengthTuner!.Update(measured.LogLengthGradient, sharedStep * (double)TransitionChoice.CheesMaxLeapfrog);
        pool.TrajectoryLength = (float)lengthTuner.Length;
    }

    // Shared step size: one dual-averaging update per iteration from the mean acceptance across chains.
    private float sharedHBar, sharedLogStepBar, sharedMu;

    private void UpdateSharedStepSize(int iteration, float[] sumsBefore)
    {
        float[] sumsAfter = shard.Gather(pool.AcceptanceSums.ToArray());
        double mean = sumsAfter.Select((sum, c) => (double)sum - sumsBefore[c]).Average();
        float logStep = DualAveraging.Update(iteration + 1, (float)mean, options.EffectiveTargetAcceptance, sharedMu, ref sharedHBar, ref sharedLogStepBar);
        pool.SetStepSizes(MathF.Exp(logStep));
    }

    private void RestartStepSizeAdaptation()
    {
        if (!options.AdaptsStepSize)
            return;
        float[] steps = pool.StepSizes.ToArray();
        if (options.SharesStepSize)
        {
            sharedStep = shard.Gather(steps).Average();
            sharedMu = MathF.Log(10 * sharedStep);
            sharedHBar = 0;
            sharedLogStepBar = 0;
            if (options.Kind == SamplerKind.Chees)
                RestartTrajectoryLength();
            return;
        }
        var state = new float[3 * pool.Chains];
        for (int c = 0; c < pool.Chains; c++)
            state[3 * c + 2] = MathF.Log(10 * steps[c]); // H̄ = 0, log ε̄ = 0, μ = log 10ε
        pool.Adaptation.CopyFrom(state);
    }

    private void FinishStepSizeAdaptation()
    {
        if (!options.AdaptsStepSize)
            return;
        if (options.SharesStepSize)
        {
            pool.SetStepSizes(MathF.Exp(sharedLogStepBar));
            if (lengthTuner is not null)
                pool.TrajectoryLength = (float)lengthTuner.AveragedLength;
            return;
        }
        float[] state = pool.Adaptation.ToArray();
        float[] steps = [.. Enumerable.Range(0, pool.Chains).Select(c => MathF.Exp(state[3 * c + 1]))];
        pool.StepSizes.CopyFrom(steps);
    }

    // The first phase starts at the pool's length (L · ε₀ of the options); later ones from the last phase's average.
    private void RestartTrajectoryLength()
    {
        if (lengthTuner is null)
            lengthTuner = new TrajectoryLengthTuner(pool.TrajectoryLength);
        else
            lengthTuner.Restart();
        pool.TrajectoryLength = (float)lengthTuner.Length;
    }
}
