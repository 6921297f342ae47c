using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// CPU time of the calling thread, so the generator's time per program does not count the time other processes of a
/// busy machine took from it (wall time over the hang limit on a loaded machine is not a hang). On Linux it is
/// <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>; elsewhere wall time (<see cref="IsCpu"/> is then false).
/// </summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    public static bool IsCpu { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && TryRead(out _);

    /// <summary>Milliseconds of CPU time this thread has used (of wall time since start, where CPU time cannot be read).</summary>
    public static double Milliseconds() =>
        IsCpu && TryRead(out var ms) ? ms : Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    private static bool TryRead(out double ms)
    {
        ms = 0;
        try
        {
            if (clock_gettime(ClockThreadCpuTimeId, out var spec) != 0)
            {
                return false;
            }

            ms = spec.Seconds * 1000.0 + spec.Nanoseconds / 1e6;
            return true;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}
