namespace SymDiff.Benchmarks.AdBench;

/// <summary>
/// Other tools' times for the same ADBench workload (1 thread, float64, milliseconds), shown beside the measured
/// time by <see cref="AdBenchReferenceColumn"/>. The numbers come from the ADBench data README, measured on a
/// 2-vCPU AMD EPYC (AVX-512) VM of the kind these benchmarks run on.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
internal sealed class AdBenchReferenceAttribute(double manualMs, double tapenadeMs, double pyTorchMs) : Attribute
{
    /// <summary>ADBench's hand-written C++ (Eigen).</summary>
    public double ManualMs { get; } = manualMs;

    /// <summary>Tapenade-generated C.</summary>
    public double TapenadeMs { get; } = tapenadeMs;

    /// <summary>PyTorch 1.13, eager mode.</summary>
    public double PyTorchMs { get; } = pyTorchMs;
}
