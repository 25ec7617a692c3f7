using System.Globalization;
using CommunityToolkit.HighPerformance;
using Ebm.Facade.IO;
using Ebm.Runtime.Discrete;

namespace Ebm.Facade.Sampling;

/// <summary>
/// Discrete chains' complete state in one safetensors file, so that Gibbs sampling resumes bit for bit: the states, the
/// sweep counter and the seed (a sweep's random numbers are functions of the last two; energies are recomputed).
/// </summary>
/// <remarks>
/// Tensors: <c>states</c> [C, n] F32 (±1 spins or 0/1 visible units), <c>sweep</c> and <c>seed</c> [1] I64. Metadata:
/// <c>format</c> = <see cref="Format"/>, <c>version</c>, <c>chains</c>, <c>units</c>, <c>seed</c>, <c>sweep</c>, and
/// optionally <c>model</c> and <c>sampler</c>. Files are written atomically.
/// </remarks>
public static class GibbsCheckpoint
{
    /// <summary>The format name in the metadata.</summary>
    public const string Format = "ebm-gibbs-checkpoint";

    /// <summary>The format version this code writes and reads.</summary>
    public const string Version = "1";

    /// <summary>The chains' state as safetensors content.</summary>
    /// <param name="chains">The chains.</param>
    /// <param name="metadata">Extra metadata entries, or null.</param>
    /// <returns>The content.</returns>
    public static SafeTensors ToSafeTensors(DiscreteChains chains, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var content = new SafeTensors();
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            content.Metadata[key] = value;
        content.Metadata["format"] = Format;
        content.Metadata["version"] = Version;
        content.Metadata["chains"] = chains.Chains.ToString(CultureInfo.InvariantCulture);
        content.Metadata["units"] = chains.Units.ToString(CultureInfo.InvariantCulture);
        content.Metadata["seed"] = chains.Seed.ToString(CultureInfo.InvariantCulture);
        content.Metadata["sweep"] = chains.Sweep.ToString(CultureInfo.InvariantCulture);
        var states = new float[(long)chains.Chains * chains.Units];
        chains.States.CopyTo(states);
        content.Add("states", SafeTensor.FromSingle(states, chains.Chains, chains.Units));
        content.Add("sweep", SafeTensor.FromInt64([unchecked((long)chains.Sweep)], 1));
        content.Add("seed", SafeTensor.FromInt64([unchecked((long)chains.Seed)], 1));
        return content;
    }

    /// <summary>Reads a checkpoint file and checks its format and version.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its content.</returns>
    /// <exception cref="EbmFormatException">Not a Gibbs checkpoint, another version, or a corrupt file.</exception>
    public static SafeTensors Read(string path) => SafeTensorsFile.Read(path, Format, Version, "Gibbs checkpoint");

    /// <summary>The seed of a checkpoint (the chains must be created with it before <see cref="Restore"/>).</summary>
    /// <param name="content">A checkpoint from <see cref="Read"/>.</param>
    /// <returns>The seed.</returns>
    public static ulong SeedOf(SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return unchecked((ulong)content.Get("seed", 1).ToInt64()[0]);
    }

    /// <summary>Overwrites the chains' states and sweep counter with the checkpoint's; chain count, units and seed must match.</summary>
    /// <param name="chains">The chains.</param>
    /// <param name="content">A checkpoint from <see cref="Read"/>.</param>
    /// <exception cref="EbmFormatException">A tensor is missing or mis-shaped, a state is not a unit value, or the chains do not match.</exception>
    public static void Restore(DiscreteChains chains, SafeTensors content)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(content);
        if (!content.TryGet("states", out var states) || states.Shape.Count != 2)
            throw new EbmFormatException("Gibbs checkpoint has no [chains, units] tensor 'states'");
        if (states.Shape[0] != chains.Chains || states.Shape[1] != chains.Units)
            throw new EbmFormatException($"the checkpoint holds {states.Shape[0]} chains of {states.Shape[1]} units; these chains are {chains.Chains} of {chains.Units}");
        if (SeedOf(content) != chains.Seed)
            throw new EbmFormatException($"the checkpoint's seed is {SeedOf(content)}; the chains' is {chains.Seed} (the random streams would not continue)");
        try
        {
            chains.Initialize(new ReadOnlySpan2D<float>(states.ToSingle(), chains.Chains, chains.Units));
        }
        catch (ArgumentException invalid)
        {
            throw new EbmFormatException($"the checkpoint's states are not valid: {invalid.Message}");
        }
        chains.Sweep = unchecked((ulong)content.Get("sweep", 1).ToInt64()[0]);
    }
}
