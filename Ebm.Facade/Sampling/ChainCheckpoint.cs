using CommunityToolkit.HighPerformance;
using System.Globalization;
using Ebm.Facade.IO;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;

namespace Ebm.Facade.Sampling;

/// <summary>
/// A chain pool's complete state in one safetensors file, so that sampling resumes bit-for-bit: positions with
/// their energies and gradients, per-chain step sizes, acceptance and divergence counters, dual-averaging state,
/// the inverse mass matrix, the step counter and the seed (the random streams are functions of the last two).
/// </summary>
/// <remarks>
/// Tensors: <c>positions</c> and <c>gradients</c> [C, d] F32, <c>energies</c>, <c>step_sizes</c>,
/// <c>acceptance_sums</c> [C] F32, <c>accepted</c>, <c>divergent</c> [C] I32, <c>adaptation</c> [C, 3] F32
/// (H̄, log ε̄, μ), <c>inverse_mass</c> [d] F32, <c>step</c> and <c>seed</c> [1] I64 (the seed's 64 bits, as
/// stored), and <c>trajectory_length</c> [1] F32 when ChEES-HMC set one (older files without it restore NaN). Metadata: <c>format</c> = <see cref="Format"/>, <c>version</c>, <c>chains</c>, <c>dimension</c>,
/// <c>seed</c>, <c>step</c>, and optionally <c>model</c> and <c>sampler</c>. HMC momenta are not stored: every
/// transition draws them afresh. Files are written atomically (temporary file, flush, rename).
/// </remarks>
public static class ChainCheckpoint
{
    /// <summary>The format name in the metadata.</summary>
    public const string Format = "ebm-chain-checkpoint";

    /// <summary>The format version this code writes and reads.</summary>
    public const string Version = "1";

    /// <summary>The pool's state as safetensors content (reads the device buffers).</summary>
    /// <param name="pool">The chains.</param>
    /// <param name="metadata">Extra metadata entries (for example <c>model</c>, <c>sampler</c>), or null.</param>
    /// <returns>The content.</returns>
    public static SafeTensors ToSafeTensors(ChainPool pool, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        int chains = pool.Chains, d = pool.Dimension;
        var content = new SafeTensors();
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
                content.Metadata[key] = value;
        }
        content.Metadata["format"] = Format;
        content.Metadata["version"] = Version;
        content.Metadata["chains"] = chains.ToString(CultureInfo.InvariantCulture);
        content.Metadata["dimension"] = d.ToString(CultureInfo.InvariantCulture);
        content.Metadata["seed"] = pool.Seed.ToString(CultureInfo.InvariantCulture);
        content.Metadata["step"] = pool.Step.ToString(CultureInfo.InvariantCulture);
        if (pool.FirstChain != 0)
            content.Metadata["first_chain"] = pool.FirstChain.ToString(CultureInfo.InvariantCulture);
        content.Add("positions", SafeTensor.FromSingle(Flat(pool.ReadPositions()), chains, d));
        content.Add("gradients", SafeTensor.FromSingle(Flat(pool.ReadGradients()), chains, d));
        content.Add("energies", SafeTensor.FromSingle(pool.Energies.ToArray(), chains));
        content.Add("step_sizes", SafeTensor.FromSingle(pool.StepSizes.ToArray(), chains));
        content.Add("accepted", SafeTensor.FromInt32(pool.Accepted.ToArray(), chains));
        content.Add("divergent", SafeTensor.FromInt32(pool.Divergent.ToArray(), chains));
        content.Add("acceptance_sums", SafeTensor.FromSingle(pool.AcceptanceSums.ToArray(), chains));
        content.Add("adaptation", SafeTensor.FromSingle(pool.Adaptation.ToArray(), chains, 3));
        content.Add("inverse_mass", SafeTensor.FromSingle(pool.InverseMass.ToArray(), d));
        content.Add("step", SafeTensor.FromInt64([unchecked((long)pool.Step)], 1));
        content.Add("seed", SafeTensor.FromInt64([unchecked((long)pool.Seed)], 1));
        if (!float.IsNaN(pool.TrajectoryLength))
            content.Add("trajectory_length", SafeTensor.FromSingle([pool.TrajectoryLength], 1));
        return content;
    }

    /// <summary>Writes the pool's state to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The file.</param>
    /// <param name="pool">The chains.</param>
    /// <param name="metadata">Extra metadata entries, or null.</param>
    public static void Save(string path, ChainPool pool, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensorsFile.Write(path, ToSafeTensors(pool, metadata));

    /// <summary>Reads a checkpoint file and checks its format and version.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its content.</returns>
    /// <exception cref="EbmFormatException">Not a chain checkpoint, another version, or a corrupt file.</exception>
    public static SafeTensors Read(string path) => SafeTensorsFile.Read(path, Format, Version, "chain checkpoint");

    /// <summary>The seed, chain count and dimension a checkpoint was written with.</summary>
    /// <param name="content">A checkpoint from <see cref="Read"/>.</param>
    /// <returns>Seed, C and d.</returns>
    /// <exception cref="EbmFormatException">A tensor is missing or malformed.</exception>
    public static (ulong Seed, int Chains, int Dimension) Describe(SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var positions = Require(content, "positions");
        if (positions.Shape.Count != 2)
            throw new EbmFormatException($"checkpoint tensor 'positions' must be [chains, dimension]; it has {positions.Shape.Count} axes");
        ulong seed = unchecked((ulong)content.Get("seed", 1).ToInt64()[0]);
        return (seed, positions.Shape[0], positions.Shape[1]);
    }

    /// <summary>The run-wide index of the checkpoint's first chain (metadata <c>first_chain</c>; 0 when absent).</summary>
    /// <param name="content">A checkpoint from <see cref="Read"/>.</param>
    /// <returns>The index.</returns>
    /// <exception cref="EbmFormatException">The value is not an index.</exception>
    public static int FirstChainOf(SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.Metadata.TryGetValue("first_chain", out string? text))
            return 0;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int first)
            ? first
            : throw new EbmFormatException($"checkpoint metadata 'first_chain' is '{text}', not a chain index");
    }

    /// <summary>Creates a pool on <paramref name="session"/> holding the checkpoint's state.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="content">A checkpoint from <see cref="Read"/>.</param>
    /// <returns>The restored pool (owned by the caller).</returns>
    public static ChainPool Load(AcceleratorSession session, SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (seed, chains, d) = Describe(content);
        var pool = new ChainPool(session, chains, d, seed, FirstChainOf(content));
        try
        {
            Restore(pool, content);
            return pool;
        }
        catch
        {
            pool.Dispose();
            throw;
        }
    }

    /// <summary>Overwrites <paramref name="pool"/>'s state with the checkpoint's; the pool must have its chain count, dimension and seed.</summary>
    /// <param name="pool">The chains.</param>
    /// <param name="content">A checkpoint from <see cref="Read"/>.</param>
    /// <exception cref="EbmFormatException">A tensor is missing or mis-shaped, or the pool does not match.</exception>
    public static void Restore(ChainPool pool, SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var (seed, chains, d) = Describe(content);
        if (chains != pool.Chains || d != pool.Dimension)
            throw new EbmFormatException($"the checkpoint holds {chains} chains of dimension {d}; the pool has {pool.Chains} of dimension {pool.Dimension}");
        if (seed != pool.Seed)
            throw new EbmFormatException($"the checkpoint's seed is {seed}; the pool's is {pool.Seed} (the random streams would not continue)");
        if (FirstChainOf(content) != pool.FirstChain)
            throw new EbmFormatException($"the checkpoint holds the chains from {FirstChainOf(content)} of a sharded run; the pool's start at {pool.FirstChain}");
        pool.WritePositions(new ReadOnlySpan2D<float>(content.GetFinite("positions", chains, d), chains, d));
        pool.WriteGradients(new ReadOnlySpan2D<float>(content.Get("gradients", chains, d).ToSingle(), chains, d));
        pool.Energies.CopyFrom(content.Get("energies", chains).ToSingle());
        float[] stepSizes = content.GetFinite("step_sizes", chains);
        int badStep = Array.FindIndex(stepSizes, value => !(value > 0));
        if (badStep >= 0)
            throw new EbmFormatException($"checkpoint tensor 'step_sizes' holds {stepSizes[badStep]} for chain {badStep}; every step size must be positive");
        pool.StepSizes.CopyFrom(stepSizes);
        pool.Accepted.CopyFrom(content.Get("accepted", chains).ToInt32());
        pool.Divergent.CopyFrom(content.Get("divergent", chains).ToInt32());
        pool.AcceptanceSums.CopyFrom(content.Get("acceptance_sums", chains).ToSingle());
        pool.Adaptation.CopyFrom(content.Get("adaptation", chains, 3).ToSingle());
        pool.SetInverseMass(content.Get("inverse_mass", d).ToSingle());
        pool.Step = unchecked((ulong)content.Get("step", 1).ToInt64()[0]);
        pool.TrajectoryLength = content.TryGet("trajectory_length", out _) ? content.Get("trajectory_length", 1).ToSingle()[0] : float.NaN;
    }

    private static SafeTensor Require(SafeTensors content, string name)
    {
        if (!content.TryGet(name, out var tensor))
            throw new EbmFormatException($"checkpoint has no tensor '{name}'");
        return tensor;
    }

    private static float[] Flat(float[,] rows) => [.. rows.Cast<float>()];
}
