using CommunityToolkit.HighPerformance;
using Ebm.Runtime.Accelerators;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Memory;

/// <summary>An owned row-major [rows, columns] device buffer of <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class DeviceMatrix<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense> buffer;

    /// <summary>Allocates a [<paramref name="rows"/>, <paramref name="columns"/>] matrix on the session's accelerator (contents undefined).</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="rows">Row count (≥ 0).</param>
    /// <param name="columns">Column count (≥ 0).</param>
    /// <exception cref="DeviceAllocationException">The device could not provide the memory.</exception>
    public DeviceMatrix(AcceleratorSession session, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Rows = rows;
        Columns = columns;
        buffer = DeviceAllocation.Allocate<T>(session, (long)rows * columns);
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>The row-major view kernels take: element (r, c) is at <c>r * Columns + c</c>.</summary>
    public ArrayView<T> View => buffer.View;

    /// <summary>Copies a host matrix of the same shape to the device.</summary>
    /// <param name="source">Host data, [Rows, Columns].</param>
    public void CopyFrom(ReadOnlySpan2D<T> source)
    {
        CheckShape(source.Height, source.Width, nameof(source));
        if (source.TryGetSpan(out var contiguous))
        {
            View.CopyFromCPU(contiguous);
            return;
        }
        for (int row = 0; row < Rows; row++)
            View.SubView((long)row * Columns, Columns).CopyFromCPU(source.GetRowSpan(row));
    }

    /// <summary>Copies row-major host data (Rows × Columns elements) to the device.</summary>
    /// <param name="source">Host data in row-major order.</param>
    public void CopyFrom(ReadOnlySpan<T> source)
    {
        DeviceAllocation.CheckLength(source.Length, (long)Rows * Columns, nameof(source));
        View.CopyFromCPU(source);
    }

    /// <summary>Copies the device contents into row-major host memory (Rows × Columns elements).</summary>
    /// <param name="destination">Host memory in row-major order.</param>
    public void CopyTo(Span<T> destination)
    {
        DeviceAllocation.CheckLength(destination.Length, (long)Rows * Columns, nameof(destination));
        View.CopyToCPU(destination);
    }

    /// <summary>Copies the device contents into a host matrix of the same shape.</summary>
    /// <param name="destination">Host memory, [Rows, Columns].</param>
    public void CopyTo(Span2D<T> destination)
    {
        CheckShape(destination.Height, destination.Width, nameof(destination));
        if (destination.TryGetSpan(out var contiguous))
        {
            View.CopyToCPU(contiguous);
            return;
        }
        for (int row = 0; row < Rows; row++)
            View.SubView((long)row * Columns, Columns).CopyToCPU(destination.GetRowSpan(row));
    }

    /// <summary>Copies the device contents into a new [Rows, Columns] array (for results, not for loops).</summary>
    /// <returns>The host copy.</returns>
    public T[,] ToArray()
    {
        var result = new T[Rows, Columns];
        CopyTo(result.AsSpan2D());
        return result;
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => buffer.MemSetToZero();

    /// <inheritdoc/>
    public void Dispose() => buffer.Dispose();

    private void CheckShape(int rows, int columns, string name)
    {
        if (rows != Rows || columns != Columns)
            throw new ArgumentException($"expected a [{Rows}, {Columns}] matrix, got [{rows}, {columns}]", name);
    }
}
