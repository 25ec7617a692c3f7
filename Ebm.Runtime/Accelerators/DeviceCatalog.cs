using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Ebm.Runtime.Accelerators;

/// <summary>Lists the devices ILGPU finds and picks one for a request.</summary>
/// <remarks>
/// Ranking for <c>auto</c> is ours, not ILGPU's <c>GetPreferredDevice</c> (which ranks by memory size):
/// CUDA, then OpenCL GPUs, then OpenCL CPU devices such as PoCL (which vectorise kernels across
/// work-items), then ILGPU's CPU accelerator.
/// </remarks>
public static class DeviceCatalog
{
    /// <summary>Creates an ILGPU context with every backend and the algorithms library enabled.</summary>
    /// <returns>A new context; the caller disposes it.</returns>
    public static Context CreateContext() =>
        Context.Create(builder => builder.DefaultCPU().Cuda().OpenCL().EnableAlgorithms());

    /// <summary>Describes every device of <paramref name="context"/>, in <c>auto</c> order.</summary>
    /// <param name="context">The context whose devices to list.</param>
    /// <returns>The devices, best first.</returns>
    public static IReadOnlyList<DeviceDescription> Describe(Context context) =>
        [.. Enumerate(context).Select(pair => pair.Description)];

    /// <summary>
    /// The accelerators a device list names: requests separated by commas (<c>cuda:0,cuda:1</c>, <c>cpu:0,opencl:0</c>;
    /// a device may repeat, giving two instances of it), where <c>KIND:all</c> stands for every device of that kind.
    /// A single request (or null, for <see cref="AcceleratorRequest.Resolve"/>'s default) is a list of one.
    /// </summary>
    /// <param name="text">The list, or null.</param>
    /// <returns>The requests, in order.</returns>
    /// <exception cref="ArgumentException">An entry names no accelerator, or a kind has no device for <c>:all</c>.</exception>
    public static IReadOnlyList<AcceleratorRequest> ParseList(string? text)
    {
        string? list = string.IsNullOrWhiteSpace(text) ? Environment.GetEnvironmentVariable(AcceleratorRequest.EnvironmentVariable) : text;
        if (string.IsNullOrWhiteSpace(list) || !list.Contains(',') && !list.EndsWith(":all", StringComparison.OrdinalIgnoreCase))
            return [AcceleratorRequest.Resolve(text)];
        var requests = new List<AcceleratorRequest>();
        foreach (string entry in list.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!entry.EndsWith(":all", StringComparison.OrdinalIgnoreCase))
            {
                requests.Add(AcceleratorRequest.Parse(entry));
                continue;
            }
            var kind = AcceleratorRequest.Parse(entry[..^4]).Kind
                ?? throw new ArgumentException($"'{entry}': ':all' follows a kind (cpu, cuda, opencl)", nameof(text));
            using var context = CreateContext();
            var devices = Describe(context).Where(device => device.Kind == kind).OrderBy(device => device.Index).ToList();
            if (devices.Count == 0)
                throw new ArgumentException($"'{entry}': there is no {AcceleratorRequest.KindName(kind)} device on this machine", nameof(text));
            requests.AddRange(devices.Select(device => new AcceleratorRequest(kind, device.Index)));
        }
        return requests;
    }

    /// <summary>Finds the device that <paramref name="request"/> names.</summary>
    /// <param name="context">The context to search.</param>
    /// <param name="request">The request.</param>
    /// <returns>The ILGPU device and its description.</returns>
    /// <exception cref="AcceleratorNotFoundException">No device matches; the message lists what exists.</exception>
    public static (Device Device, DeviceDescription Description) Find(Context context, AcceleratorRequest request)
    {
        var all = Enumerate(context);
        foreach (var pair in all)
        {
            bool kindMatches = request.Kind is null || pair.Description.Kind == request.Kind;
            bool indexMatches = request.Index is null || pair.Description.Index == request.Index;
            if (kindMatches && indexMatches)
                return pair;
        }
        throw new AcceleratorNotFoundException(request, [.. all.Select(pair => pair.Description)]);
    }

    private static List<(Device Device, DeviceDescription Description)> Enumerate(Context context)
    {
        var result = new List<(Device, DeviceDescription)>();
        var perKind = new Dictionary<AcceleratorKind, int>();
        foreach (var device in context.Devices)
        {
            if (ToKind(device.AcceleratorType) is not { } kind)
                continue;
            int index = perKind.GetValueOrDefault(kind);
            perKind[kind] = index + 1;
            result.Add((device, new DeviceDescription(
                kind,
                index,
                device.Name,
                MemoryOf(device),
                device.WarpSize,
                device.MaxNumThreadsPerGroup,
                IsGpu(device))));
        }
        return [.. result.OrderBy(pair => pair.Item2.AutoRank).ThenBy(pair => pair.Item2.Index)];
    }

    // ILGPU's CPU accelerator reports long.MaxValue: report the memory the process can use instead.
    private static long MemoryOf(Device device) =>
        device is CPUDevice ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes : device.MemorySize;

    private static AcceleratorKind? ToKind(AcceleratorType type) => type switch
    {
        AcceleratorType.CPU => AcceleratorKind.Cpu,
        AcceleratorType.Cuda => AcceleratorKind.Cuda,
        AcceleratorType.OpenCL => AcceleratorKind.OpenCL,
        _ => null,
    };

    private static bool IsGpu(Device device) => device switch
    {
        CPUDevice => false,
        CLDevice openCl => openCl.DeviceType.HasFlag(CLDeviceType.CL_DEVICE_TYPE_GPU),
        _ => true,
    };
}
