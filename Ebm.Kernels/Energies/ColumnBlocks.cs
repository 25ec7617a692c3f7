namespace Ebm.Kernels.Energies;

/// <summary>Where the blocks of one <see cref="IColumnBlock"/> width go along a row of columns.</summary>
public static class ColumnBlocks
{
    /// <summary>
    /// The first column of the block that covers column <paramref name="next"/>: <paramref name="next"/> itself while a whole
    /// block fits, else the row's last whole block, which overlaps columns already summed. Their sums come out the same
    /// bits again and are not stored twice, and a row at least <paramref name="width"/> wide leaves nothing to narrower,
    /// slower blocks (a 100-column row takes two blocks of 64, not 64 + 16 + 16 + four single sums).
    /// </summary>
    /// <param name="next">The first column not yet summed.</param>
    /// <param name="count">The columns of the row, at least <paramref name="width"/>.</param>
    /// <param name="width">The block's width.</param>
    /// <returns>The block's first column; the columns before <paramref name="next"/> in it are summed already.</returns>
    public static int Start(int next, int count, int width) => next + width <= count ? next : count - width;
}
