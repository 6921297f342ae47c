namespace SymDiff.Samples.Common;

/// <summary>Where a sample trains: its <c>--device</c> option.</summary>
public enum SampleDevice
{
    /// <summary>The CPU runtime (the default).</summary>
    Cpu,

    /// <summary>A CUDA GPU through ILGPU, falling back to the CPU runtime when there is none.</summary>
    Gpu,

    /// <summary>ILGPU's CPU accelerator: the GPU code path on the CPU (slow; for checking it, not for speed).</summary>
    CpuAccelerator,
}

/// <summary>Parsing of <see cref="SampleDevice"/>.</summary>
public static class SampleDevices
{
    /// <summary>Parses <c>cpu</c>, <c>gpu</c> or <c>cpu-accelerator</c>.</summary>
    /// <param name="text">The option's value.</param>
    /// <returns>The device.</returns>
    /// <exception cref="ArgumentException">Anything else.</exception>
    public static SampleDevice Parse(string text) => text switch
    {
        "cpu" => SampleDevice.Cpu,
        "gpu" => SampleDevice.Gpu,
        "cpu-accelerator" => SampleDevice.CpuAccelerator,
        _ => throw new ArgumentException($"--device takes cpu, gpu or cpu-accelerator, not '{text}'."),
    };

    /// <summary>
    /// Takes <c>--device NAME</c> out of <paramref name="args"/>: the device (the CPU runtime when absent) and the other
    /// arguments, or the error to print.
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <returns>The device, the rest of the arguments, and null or an error message.</returns>
    public static (SampleDevice Device, List<string> Others, string? Error) Take(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var device = SampleDevice.Cpu;
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] != "--device")
            {
                rest.Add(args[i]);
                continue;
            }

            try
            {
                device = Parse(i + 1 < args.Count ? args[++i] : string.Empty);
            }
            catch (ArgumentException e)
            {
                return (device, rest, e.Message);
            }
        }

        return (device, rest, null);
    }
}
