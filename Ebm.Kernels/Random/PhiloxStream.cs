namespace Ebm.Kernels.Random;

/// <summary>
/// The random numbers of one stream at one step: key = (seed low word, stream id),
/// counter = (block index, step low word, step high word, seed high word).
/// </summary>
/// <remarks>
/// A stream is typically one chain and a step one MCMC iteration. Values depend only on
/// (seed, stream, step, draw index): not on how many streams run, nor on the accelerator.
/// Each Philox block yields four words; the generator hands them out in order and moves to the
/// next block when they are used up. Create it in a kernel as a local variable and mutate it there.
/// </remarks>
public struct PhiloxStream
{
    private readonly uint key0;
    private readonly uint key1;
    private readonly uint stepLow;
    private readonly uint stepHigh;
    private readonly uint seedHigh;
    private uint blockIndex;
    private PhiloxBlock buffer;
    private int used;
    private float spareNormal;
    private int hasSpareNormal;

    /// <summary>Opens the stream <paramref name="streamId"/> of <paramref name="seed"/> at <paramref name="step"/>.</summary>
    /// <param name="seed">The 64-bit user seed.</param>
    /// <param name="streamId">The stream (chain) id.</param>
    /// <param name="step">The step (iteration) index.</param>
    public PhiloxStream(ulong seed, uint streamId, ulong step)
    {
        key0 = (uint)seed;
        key1 = streamId;
        seedHigh = (uint)(seed >> 32);
        stepLow = (uint)step;
        stepHigh = (uint)(step >> 32);
        blockIndex = 0;
        buffer = default;
        used = 4;
        spareNormal = 0;
        hasSpareNormal = 0;
    }

    /// <summary>Returns the next 32-bit word of the stream.</summary>
    /// <returns>A uniformly distributed word.</returns>
    public uint NextUInt()
    {
        if (used == 4)
        {
            buffer = BlockAt(blockIndex);
            blockIndex++;
            used = 0;
        }
        uint word = buffer.Word(used);
        used++;
        return word;
    }

    /// <summary>
    /// Block <paramref name="blockIndex"/> of the stream: words 4b to 4b + 3 of the sequence <see cref="NextUInt"/>
    /// hands out. Random access, for kernels where each thread needs only its own words (one lattice site's);
    /// it does not move the sequential position.
    /// </summary>
    /// <param name="blockIndex">b.</param>
    /// <returns>The block.</returns>
    public readonly PhiloxBlock BlockAt(uint blockIndex) =>
        Philox4x32.Generate(new PhiloxBlock(blockIndex, stepLow, stepHigh, seedHigh), key0, key1);

    /// <summary>Word <paramref name="index"/> of the stream (the value the (index + 1)-th <see cref="NextUInt"/> call returns), by random access.</summary>
    /// <param name="index">The word index.</param>
    /// <returns>The word.</returns>
    public readonly uint WordAt(uint index) => BlockAt(index >> 2).Word((int)(index & 3));

    /// <summary>Uniform in [0, 1), never 1.0.</summary>
    /// <returns>The next uniform.</returns>
    public float NextUniform() => RandomBits.ToUniform(NextUInt());

    /// <summary>Uniform in (0, 1], never 0, safe under a logarithm.</summary>
    /// <returns>The next uniform.</returns>
    public float NextUniformOpenLow() => RandomBits.ToUniformOpenLow(NextUInt());

    /// <summary>Two independent standard normals (Box–Muller on the next two words).</summary>
    /// <param name="second">Receives the second normal.</param>
    /// <returns>The first normal.</returns>
    public float NextNormalPair(out float second)
    {
        uint radiusBits = NextUInt();
        uint angleBits = NextUInt();
        return RandomBits.ToNormalPair(radiusBits, angleBits, out second);
    }

    /// <summary>
    /// The next standard normal: the first of a fresh <see cref="NextNormalPair"/>, then its second. A loop over d
    /// coordinates therefore sees the same values as a loop over pairs, and an odd d leaves one normal unused.
    /// </summary>
    /// <returns>A standard normal.</returns>
    public float NextNormal()
    {
        if (hasSpareNormal != 0)
        {
            hasSpareNormal = 0;
            return spareNormal;
        }
        hasSpareNormal = 1;
        return NextNormalPair(out spareNormal);
    }
}
