using System.Runtime.CompilerServices;
using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// One pass of a batched matrix product over a team's workspace slots, in tiles (<see cref="IChainTile"/>) of adjacent
/// chains × adjacent columns: column j of slot s is Σₖ Matrix[Row(k) + j] · (value Input(k) of slot s), over k in order,
/// from a starting value. The workspace has the blocked layout of <see cref="PointLayout.Blocked"/>, so the slots of a tile
/// keep each value side by side.
/// </summary>
internal interface ITilePass
{
    /// <summary>The columns of the product.</summary>
    int Columns { get; }

    /// <summary>The terms of each sum.</summary>
    int Terms { get; }

    /// <summary>The matrix whose rows the terms read.</summary>
    ArrayView<float> Matrix { get; }

    /// <summary>The offset of term <paramref name="term"/>'s row in <see cref="Matrix"/>.</summary>
    /// <param name="term">k.</param>
    /// <returns>The offset of its column 0.</returns>
    long Row(int term);

    /// <summary>The workspace value that multiplies term <paramref name="term"/>'s row.</summary>
    /// <param name="term">k.</param>
    /// <returns>The value's index within a slot.</returns>
    long Input(int term);

    /// <summary>Starts the sums of a tile whose column 0 is <paramref name="at"/> (a bias), or leaves them at 0.</summary>
    /// <typeparam name="TTile">The tile.</typeparam>
    /// <param name="sums">The tile's sums.</param>
    /// <param name="at">The tile's first column.</param>
    void Start<TTile>(ref TTile sums, int at)
        where TTile : struct, IChainTile;

    /// <summary>Stores column <paramref name="column"/>'s sum of the slot whose value 0 is at <paramref name="start"/>.</summary>
    /// <param name="start">The slot's value 0 in the workspace.</param>
    /// <param name="column">The column.</param>
    /// <param name="sum">Its sum.</param>
    void Store(long start, int column, float sum);
}

/// <summary>Runs an <see cref="ITilePass"/> over a team's slots, the team's work-items taking the tiles in turn.</summary>
internal static class TiledProduct
{
    /// <summary>Workspace value <paramref name="k"/> of the slot whose value 0 is at <paramref name="start"/> (blocked layout).</summary>
    /// <param name="k">The value's index within the slot.</param>
    /// <param name="start">The slot's value 0.</param>
    /// <returns>The value's offset.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long At(long k, long start) => start + k * PointLayout.ChainBlock;

    /// <summary>
    /// Every column of the pass: tiles of TWide's width, then TMiddle's for the columns left, then TNarrow's, so narrower
    /// tiles only serve products narrower than the wider ones (each row's last tile overlapping the one before it,
    /// <see cref="ColumnBlocks.Start"/>). Every sum runs over its terms in order, so the tiers give the same bits.
    /// </summary>
    /// <typeparam name="TTeam">The team.</typeparam>
    /// <typeparam name="TWide">The widest tile.</typeparam>
    /// <typeparam name="TMiddle">The middle tile.</typeparam>
    /// <typeparam name="TNarrow">The narrowest tile, one column wide.</typeparam>
    /// <typeparam name="TPass">The pass.</typeparam>
    /// <param name="team">The work-items and their slots.</param>
    /// <param name="pass">The pass.</param>
    /// <param name="workspace">The slots' values.</param>
    /// <param name="layout">The workspace's layout (its slot stride).</param>
    public static void Run<TTeam, TWide, TMiddle, TNarrow, TPass>(TTeam team, TPass pass, ArrayView<float> workspace, PointLayout layout)
        where TTeam : struct, IChainTeam
        where TWide : struct, IChainTile
        where TMiddle : struct, IChainTile
        where TNarrow : struct, IChainTile
        where TPass : struct, ITilePass
    {
        int first = Tiles<TTeam, TWide, TPass>(team, pass, 0, workspace, layout);
        first = Tiles<TTeam, TMiddle, TPass>(team, pass, first, workspace, layout);
        Tiles<TTeam, TNarrow, TPass>(team, pass, first, workspace, layout);
    }

    // The pass's columns from first on in tiles of TTile's chains × W = TTile's width columns, which the team's work-items
    // take in turn. Returns the first column left over: all of them when W ≤ the pass's columns, else first.
    private static int Tiles<TTeam, TTile, TPass>(TTeam team, TPass pass, int first, ArrayView<float> workspace, PointLayout layout)
        where TTeam : struct, IChainTeam
        where TTile : struct, IChainTile
        where TPass : struct, ITilePass
    {
        var grid = TileGrid.Of<TTeam, TTile>(team, pass.Columns, first);
        var matrix = pass.Matrix;
        for (int t = team.Worker; t < grid.Count; t += team.Workers)
        {
            int column = grid.Column(t), at = ColumnBlocks.Start(column, pass.Columns, grid.Width);
            long start = layout.At(grid.Slot(t), 0);
            var sums = default(TTile);
            pass.Start(ref sums, at);
            for (int k = 0; k < pass.Terms; k++)
                sums.Add(matrix, pass.Row(k) + at, workspace, At(pass.Input(k), start));
            sums.StoreFrom(new PassSink<TPass>(pass, start, at), 0, column - at);
        }
        return grid.End;
    }

    // A tile's sums into the pass: chain c's column j to slot start + c's column at + j.
    private readonly struct PassSink<TPass>(TPass pass, long start, int at) : ITileSink
        where TPass : struct, ITilePass
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(int chain, int column, float sum) => pass.Store(start + chain, at + column, sum);
    }

    // The tiles of one pass over a product's columns from first on: runs of TTile's chains (the team's slots, run by run) ×
    // blocks of its width, tile t being run t mod runs of block t / runs. None when the width exceeds the columns.
    private readonly struct TileGrid(int firstSlot, int chains, int width, int runs, int first, int columns)
    {
        public readonly int Chains = chains;
        public readonly int Width = width;

        public static TileGrid Of<TTeam, TTile>(TTeam team, int columns, int first)
            where TTeam : struct, IChainTeam
            where TTile : struct, IChainTile =>
            new(team.FirstSlot, default(TTile).Chains, default(TTile).Width, team.Slots / default(TTile).Chains, first, columns);

        // The tile count: every column from first on, in blocks of the width (a row's last block overlapping the one before).
        public int Count => Width > columns || first >= columns ? 0 : (columns - first + Width - 1) / Width * runs;

        // The first column left over once the tiles are done.
        public int End => Count == 0 ? first : columns;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Column(int tile) => first + tile / runs * Width;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Slot(int tile) => firstSlot + tile % runs * Chains;
    }
}
