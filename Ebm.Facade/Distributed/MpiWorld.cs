using System.Reflection;
using System.Runtime.InteropServices;

namespace Ebm.Facade.Distributed;

/// <summary>
/// MPI_COMM_WORLD through a thin P/Invoke layer over MPICH's C ABI (Debian's <c>mpich</c>, libmpich.so.12): the seven
/// calls a sharded run needs. MPICH's handles are ints, so no binding library is involved. Created once per process
/// (MPI_Init); disposing calls MPI_Finalize. Start the ranks with <c>mpiexec -n R</c> (or <c>srun</c>); without it the
/// process is a world of one.
/// </summary>
public sealed class MpiWorld : IChainGroup, IDisposable
{
    private const string Library = "mpich";
    private const int CommWorld = 0x44000000, MpiByte = 0x4c00010d, MpiInt = 0x4c000405, Success = 0;
    private static readonly string[] Candidates = ["libmpich.so.12", "libmpi.so.12", "libmpich.so"];
    private bool finalized;

    static MpiWorld() => NativeLibrary.SetDllImportResolver(typeof(MpiWorld).Assembly, Resolve);

    /// <summary>Initialises MPI (MPI_Init) and reads this process's rank and the world's size.</summary>
    /// <exception cref="DllNotFoundException">MPICH is not installed.</exception>
    public MpiWorld()
    {
        Check(MPI_Init(IntPtr.Zero, IntPtr.Zero), "MPI_Init");
        Check(MPI_Comm_rank(CommWorld, out int rank), "MPI_Comm_rank");
        Check(MPI_Comm_size(CommWorld, out int size), "MPI_Comm_size");
        (Rank, Size) = (rank, size);
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <inheritdoc/>
    public byte[] AllGather(ReadOnlySpan<byte> local)
    {
        var sizes = new int[Size];
        Check(MPI_Allgather([local.Length], 1, MpiInt, sizes, 1, MpiInt, CommWorld), "MPI_Allgather");
        long total = sizes.Sum(size => (long)size);
        if (total > int.MaxValue)
            throw new InvalidOperationException($"a gather of {total:N0} bytes is more than MPI's int counts address; use fewer draws or thin them");
        var offsets = new int[Size];
        for (int r = 1; r < Size; r++)
            offsets[r] = offsets[r - 1] + sizes[r - 1];
        var result = new byte[total];
        Check(MPI_Allgatherv(local.ToArray(), local.Length, MpiByte, result, sizes, offsets, MpiByte, CommWorld), "MPI_Allgatherv");
        return result;
    }

    /// <summary>Ends every rank of the job with <paramref name="exitCode"/> (MPI_Abort): a rank that fails must not leave the others waiting in a collective.</summary>
    /// <param name="exitCode">The exit code.</param>
    public void Abort(int exitCode) => MPI_Abort(CommWorld, exitCode);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (finalized)
            return;
        finalized = true;
        MPI_Finalize();
    }

    private static void Check(int code, string call)
    {
        if (code != Success)
            throw new InvalidOperationException($"{call} failed with MPI error {code}");
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
            return IntPtr.Zero;
        foreach (string candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out IntPtr handle))
                return handle;
        }
        throw new DllNotFoundException("--distributed needs MPICH's libmpich.so.12 (Debian: apt-get install mpich)");
    }

    [DllImport(Library)]
    private static extern int MPI_Init(IntPtr argc, IntPtr argv);

    [DllImport(Library)]
    private static extern int MPI_Comm_rank(int comm, out int rank);

    [DllImport(Library)]
    private static extern int MPI_Comm_size(int comm, out int size);

    [DllImport(Library)]
    private static extern int MPI_Allgather([In] int[] send, int sendCount, int sendType, [Out] int[] receive, int receiveCount, int receiveType, int comm);

    [DllImport(Library)]
    private static extern int MPI_Allgatherv([In] byte[] send, int sendCount, int sendType, [Out] byte[] receive, [In] int[] receiveCounts,
        [In] int[] displacements, int receiveType, int comm);

    [DllImport(Library)]
    private static extern int MPI_Abort(int comm, int errorCode);

    [DllImport(Library)]
    private static extern int MPI_Finalize();
}
