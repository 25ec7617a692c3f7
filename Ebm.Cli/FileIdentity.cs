using System.Runtime.InteropServices;

namespace Ebm.Cli;

/// <summary>
/// Which file a path names: its full path with every symbolic link resolved, and for an existing file on Linux its
/// (device, inode), so that two hard links to one file compare equal too.
/// </summary>
/// <param name="ResolvedPath">The full path, links resolved (the path itself when nothing exists there yet).</param>
/// <param name="Device">st_dev, or 0 when unknown.</param>
/// <param name="Inode">st_ino, or 0 when unknown.</param>
internal readonly record struct FileIdentity(string ResolvedPath, ulong Device, ulong Inode)
{
    /// <summary>The identity of <paramref name="path"/>.</summary>
    /// <param name="path">A file path, which need not exist.</param>
    /// <returns>Its identity.</returns>
    public static FileIdentity Of(string path)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        string resolved = info.Exists && info.LinkTarget is not null ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full : full;
        var (device, inode) = OperatingSystem.IsLinux() && File.Exists(resolved) ? DeviceAndInode(resolved) : (0UL, 0UL);
        return new FileIdentity(resolved, device, inode);
    }

    /// <summary>Whether both name the same file.</summary>
    /// <param name="other">The other identity.</param>
    /// <returns>True for the same resolved path, or the same (device, inode) when both are known.</returns>
    public bool SameFileAs(FileIdentity other) =>
        string.Equals(ResolvedPath, other.ResolvedPath, StringComparison.Ordinal)
        || (Inode != 0 && Inode == other.Inode && Device == other.Device);

    // struct stat starts with st_dev and st_ino, 8 bytes each, on the 64-bit Linux ABIs (x86-64, AArch64).
    private static (ulong Device, ulong Inode) DeviceAndInode(string path)
    {
        var buffer = new byte[256];
        if (Environment.Is64BitProcess && Stat(path, buffer) == 0)
            return (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
        return (0, 0);
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}
