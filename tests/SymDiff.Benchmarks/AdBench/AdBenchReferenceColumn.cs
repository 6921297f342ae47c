using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SymDiff.Benchmarks.AdBench;

/// <summary>A summary column with a reference time from <see cref="AdBenchReferenceAttribute"/>, or the ratio of the measured mean to it.</summary>
internal sealed class AdBenchReferenceColumn : IColumn
{
    private readonly string _tool;
    private readonly Func<AdBenchReferenceAttribute, double> _select;
    private readonly bool _ratio;

    private AdBenchReferenceColumn(string tool, Func<AdBenchReferenceAttribute, double> select, bool ratio)
    {
        _tool = tool;
        _select = select;
        _ratio = ratio;
    }

    public static IColumn[] All { get; } =
    [
        new AdBenchReferenceColumn("C++ Manual", a => a.ManualMs, ratio: false),
        new AdBenchReferenceColumn("C++ Manual", a => a.ManualMs, ratio: true),
        new AdBenchReferenceColumn("Tapenade", a => a.TapenadeMs, ratio: false),
        new AdBenchReferenceColumn("PyTorch", a => a.PyTorchMs, ratio: false),
    ];

    public string Id => $"{nameof(AdBenchReferenceColumn)}.{_tool}.{_ratio}";

    public string ColumnName => _ratio ? $"x {_tool}" : $"{_tool} [ms]";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _ratio
        ? $"Measured mean divided by ADBench's {_tool} time (lower is better)"
        : $"ADBench's {_tool} time on the same machine class (README), milliseconds";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var reference = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<AdBenchReferenceAttribute>();
        if (reference is null)
        {
            return "-";
        }

        double referenceMs = _select(reference);
        if (!_ratio)
        {
            return referenceMs.ToString("0.###", CultureInfo.InvariantCulture);
        }

        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return meanNs is { } ns ? (ns / 1e6 / referenceMs).ToString("0.00", CultureInfo.InvariantCulture) : "?";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
