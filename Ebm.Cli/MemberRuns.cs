using Ebm.Facade.Distributed;
using Ebm.Runtime.Accelerators;

namespace Ebm.Cli;

/// <summary>
/// Runs a command's work in one process on one accelerator, over the MPI ranks the process was started with
/// (<c>--distributed</c>), or over the devices of an <c>--accelerator</c> list (cuda:0,cuda:1, cuda:all), one thread
/// each. Every member gets its console (member 0 reports, the others print only errors), its device and its group. A
/// member that fails ends the run: threads release the others, MPI ranks end the job with MPI_Abort once the message is out.
/// </summary>
internal static class MemberRuns
{
    /// <summary>The <c>--distributed</c> option.</summary>
    /// <param name="what">What the ranks share, and how (a sentence's worth).</param>
    /// <returns>The option.</returns>
    public static System.CommandLine.Option<bool> DistributedOption(string what) => new("--distributed")
    {
        Description = $"Run over the MPI ranks this process was started with (mpiexec -n R, or srun; MPICH): {what}",
    };

    /// <summary>Runs <paramref name="work"/> for every member and returns member 0's exit code (or the failure's).</summary>
    /// <param name="console">The command's console.</param>
    /// <param name="distributed">Whether the ranks of an MPI job share the run.</param>
    /// <param name="accelerator">The --accelerator value: one device, or a list of them.</param>
    /// <param name="work">One member's work, given its console, its device and its group (null when the run is not shared).</param>
    /// <returns>The exit code.</returns>
    public static int Run(CommandConsole console, bool distributed, string? accelerator, Func<CommandConsole, string, IChainGroup?, int> work)
    {
        MpiWorld? world = null;
        int code = console.Guard(() =>
        {
            var devices = DeviceCatalog.ParseList(accelerator);
            if (distributed)
            {
                if (devices.Count > 1)
                    throw new ArgumentException("--distributed runs one accelerator per MPI rank; give each rank one --accelerator (or start more ranks)");
                world = new MpiWorld();
                return work(MemberConsole(console, world), devices[0].ToString(), world);
            }
            if (devices.Count == 1)
                return work(console, devices[0].ToString(), null);
            using var threads = new ThreadGroup(devices.Count);
            return threads.Run(member => work(MemberConsole(console, member), devices[member.Rank].ToString(), member))[0];
        });
        // A rank that failed must not leave the others waiting in a collective: end the job, once the launcher has had
        // a moment to forward the message (MPI_Abort kills the ranks' output streams with them).
        if (code != 0 && world is { Size: > 1 })
        {
            console.Error.Flush();
            Thread.Sleep(500);
            world.Abort(code);
        }
        world?.Dispose();
        return code;
    }

    // Member 0 reports; the others print only errors.
    private static CommandConsole MemberConsole(CommandConsole console, IChainGroup group) =>
        group.Rank == 0 ? console : console with { Output = TextWriter.Null };
}
