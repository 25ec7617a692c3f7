using System.Globalization;
using Ebm.Facade.IO;

namespace Ebm.Facade.Training;

/// <summary>
/// Everything needed to continue training exactly: parameters, optimiser moments and step, replay buffer, the
/// iteration and the sampler's step counter (the random streams are functions of these), in one safetensors
/// file with metadata (format version, model spec, seed, iteration). Written atomically.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>The format name in the metadata.</summary>
    public const string Format = "ebm-training-checkpoint";

    /// <summary>The format version this code writes and reads.</summary>
    public const string Version = "1";

    /// <summary>
    /// Writes the trainer's state to <paramref name="path"/> (temp file, flush, rename). In a data-parallel run every member
    /// calls it (the replay buffer is gathered from all of them) and member 0 writes the file one process would: any number
    /// of members can resume it.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="trainer">The trainer.</param>
    /// <param name="modelSpecJson">The model spec, stored as metadata so the file describes itself.</param>
    /// <param name="dataFingerprint">A digest of the training data (<see cref="DataFingerprint"/>), or null to store none.</param>
    /// <exception cref="InvalidOperationException">The trainer diverged: its chains and buffer no longer match its parameters.</exception>
    public static void Save(string path, ContrastiveDivergenceTrainer trainer, string modelSpecJson, string? dataFingerprint = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (trainer.Diverged)
            throw new InvalidOperationException("a trainer that diverged is not checkpointed; the last checkpoint written before it stays valid");
        var buffer = trainer.ReadReplayBuffer();
        if (trainer.Group.Rank != 0)
            return;
        var content = new SafeTensors();
        content.Metadata["format"] = Format;
        content.Metadata["version"] = Version;
        content.Metadata["model"] = modelSpecJson;
        content.Metadata["seed"] = trainer.Options.Seed.ToString(CultureInfo.InvariantCulture);
        content.Metadata["iteration"] = trainer.Iteration.ToString(CultureInfo.InvariantCulture);
        content.Metadata["run"] = FixedOptions(trainer.Options);
        if (dataFingerprint is not null)
            content.Metadata["data"] = dataFingerprint;
        int p = (int)trainer.Parameters.Length;
        content.Add("parameters", SafeTensor.FromSingle(trainer.Parameters.ToArray(), p));
        content.Add("optimizer.first_moment", SafeTensor.FromSingle(trainer.Optimizer.FirstMoment.ToArray(), p));
        content.Add("optimizer.second_moment", SafeTensor.FromSingle(trainer.Optimizer.SecondMoment.ToArray(), p));
        content.Add("optimizer.step", SafeTensor.FromInt64([trainer.Optimizer.Step], 1));
        content.Add("iteration", SafeTensor.FromInt64([trainer.Iteration], 1));
        content.Add("chains.step", SafeTensor.FromInt64([(long)trainer.Chains.Step], 1));
        content.Add("replay_buffer", SafeTensor.FromSingle(buffer, trainer.ReplayBufferRows, trainer.Buffer.Columns));
        SafeTensorsFile.Write(path, content);
    }

    /// <summary>Reads a checkpoint file and checks its format and version.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its content.</returns>
    /// <exception cref="EbmFormatException">Not a checkpoint, another version, or a corrupt file.</exception>
    public static SafeTensors Read(string path) => SafeTensorsFile.Read(path, Format, Version, "training checkpoint");

    /// <summary>
    /// Refuses to continue a checkpoint with other data or with options a resumed run must keep (seed, method, sampler,
    /// batch, sampler steps, buffer size); the learning rate, its schedule and the iteration count may change.
    /// </summary>
    /// <param name="content">A checkpoint from <see cref="Read"/>.</param>
    /// <param name="options">The resumed run's options.</param>
    /// <param name="dataFingerprint">The resumed run's <see cref="DataFingerprint"/>.</param>
    /// <exception cref="ArgumentException">Something differs; the message says what.</exception>
    public static void RequireSameRun(SafeTensors content, TrainerOptions options, string dataFingerprint)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        if (content.Metadata.TryGetValue("data", out string? data) && data != dataFingerprint)
            throw new ArgumentException("the checkpoint was trained on other data (its data fingerprint differs); resume with the same --data");
        if (!content.Metadata.TryGetValue("run", out string? saved))
            return;
        var mine = FixedOptions(options).Split(';');
        var theirs = saved.Split(';');
        for (int i = 0; i < Math.Min(mine.Length, theirs.Length); i++)
        {
            if (mine[i] != theirs[i])
                throw new ArgumentException($"the checkpoint was written with {theirs[i]}; this run has {mine[i]} (a resumed run keeps its seed, method, sampler, batch, steps and buffer)");
        }
    }

    /// <summary>A digest of training data: SHA-256 of its shape and float32 values, 16 hex digits.</summary>
    /// <param name="data">[n, d] points.</param>
    /// <returns>The digest.</returns>
    public static string DataFingerprint(float[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var bytes = new byte[data.Length * sizeof(float) + 2 * sizeof(int)];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), data.GetLength(0));
        BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), data.GetLength(1));
        Buffer.BlockCopy(data, 0, bytes, 8, data.Length * sizeof(float));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16].ToLowerInvariant();
    }

    // The options a resumed run must keep, as name=value pairs in a fixed order.
    private static string FixedOptions(TrainerOptions options) => string.Join(';',
        $"seed={options.Seed}", $"method={options.Method}", $"sampler={options.Sampler}", $"batch={options.BatchSize}",
        $"steps={options.SamplerSteps}", $"buffer={options.BufferSize}");

    /// <summary>Restores a trainer built with the same model shape and options to the saved state (a member of a data-parallel run takes its slots of the buffer).</summary>
    /// <param name="trainer">The trainer.</param>
    /// <param name="content">A checkpoint from <see cref="Read"/>.</param>
    /// <exception cref="EbmFormatException">A tensor is missing or has the wrong shape for this trainer.</exception>
    public static void Restore(ContrastiveDivergenceTrainer trainer, SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(content);
        int p = (int)trainer.Parameters.Length;
        trainer.Parameters.CopyFrom(content.GetFinite("parameters", p));
        trainer.Optimizer.FirstMoment.CopyFrom(Require(content, "optimizer.first_moment", p).ToSingle());
        trainer.Optimizer.SecondMoment.CopyFrom(Require(content, "optimizer.second_moment", p).ToSingle());
        trainer.Optimizer.Step = Count(content, "optimizer.step");
        trainer.Iteration = Count(content, "iteration");
        trainer.Chains.Step = (ulong)Require(content, "chains.step", 1).ToInt64()[0];
        trainer.LoadReplayBuffer(content.GetFinite("replay_buffer", trainer.ReplayBufferRows, trainer.Buffer.Columns));
    }

    // A count stored as int64 that must fit the trainer's int: 0 … 2³¹ − 1.
    private static int Count(SafeTensors content, string name)
    {
        long value = Require(content, name, 1).ToInt64()[0];
        if (value is < 0 or > int.MaxValue)
            throw new EbmFormatException($"checkpoint tensor '{name}' holds {value}, outside 0 … {int.MaxValue}");
        return (int)value;
    }

    private static SafeTensor Require(SafeTensors content, string name, params int[] shape)
    {
        if (!content.TryGet(name, out _))
            throw new EbmFormatException($"checkpoint has no tensor '{name}'");
        return content.Get(name, shape);
    }
}
