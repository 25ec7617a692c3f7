using System.CommandLine;
using System.Text.Json;
using Ebm.Runtime.Accelerators;

namespace Ebm.Cli.Commands;

/// <summary><c>ebm devices [--json]</c>: every device ILGPU finds and the one <c>auto</c> picks.</summary>
public static class DevicesCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="console">Where to write.</param>
    /// <returns>The command.</returns>
    public static Command Create(CommandConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("devices", "List the accelerators (CUDA, OpenCL, CPU) and the one 'auto' picks.") { json };
        command.SetAction(parsed => console.Guard(() => Run(console, parsed.GetValue(json))));
        return command;
    }

    private static int Run(CommandConsole console, bool asJson)
    {
        using var context = DeviceCatalog.CreateContext();
        var devices = DeviceCatalog.Describe(context);
        var auto = DeviceCatalog.Find(context, AcceleratorRequest.Resolve(null)).Description;
        if (asJson)
        {
            var rows = devices.Select(device => new
            {
                id = device.Id,
                kind = AcceleratorRequest.KindName(device.Kind),
                name = device.Name,
                memory_bytes = device.MemoryBytes,
                warp_size = device.WarpSize,
                max_threads_per_group = device.MaxThreadsPerGroup,
                gpu = device.IsGpu,
                auto = device == auto,
            });
            console.Output.WriteLine(JsonSerializer.Serialize(new { devices = rows, auto = auto.Id }, JsonOutput.Options));
            return 0;
        }
        var table = new TextTable("id", "kind", "name", "memory", "warp", "max threads", "auto");
        foreach (var device in devices)
        {
            table.Add(device.Id, AcceleratorRequest.KindName(device.Kind), device.Name,
                $"{device.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB", device.WarpSize.ToString(),
                device.MaxThreadsPerGroup.ToString(), device == auto ? "*" : "");
        }
        table.WriteTo(console.Output);
        console.Output.WriteLine($"auto picks {auto} (override with --accelerator or {AcceleratorRequest.EnvironmentVariable})");
        return 0;
    }
}
