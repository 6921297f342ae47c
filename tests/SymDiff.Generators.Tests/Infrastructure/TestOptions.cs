using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SymDiff.Generators.Tests.Infrastructure;

/// <summary>
/// What a project's MSBuild properties (<c>build_property.*</c>, the global options) and its <c>.editorconfig</c>
/// sections (per file, keyed by the harness's file names <c>File0.cs</c>, <c>File1.cs</c>, …) hand the generator.
/// </summary>
internal sealed class TestOptions : AnalyzerConfigOptionsProvider
{
    private readonly Options _global;
    private readonly IReadOnlyDictionary<string, Options> _files;

    public TestOptions(IReadOnlyDictionary<string, string>? global = null, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? files = null)
    {
        _global = new Options(global ?? new Dictionary<string, string>());
        _files = (files ?? new Dictionary<string, IReadOnlyDictionary<string, string>>()).ToDictionary(f => f.Key, f => new Options(f.Value), StringComparer.Ordinal);
    }

    /// <summary>A project with <c>&lt;SymDiffBatchKernels&gt;all&lt;/SymDiffBatchKernels&gt;</c>: every scalar method gets batched kernels.</summary>
    public static TestOptions AllKernels { get; } = Msbuild("SymDiffBatchKernels", "all");

    /// <summary>A project that sets one MSBuild property.</summary>
    public static TestOptions Msbuild(string property, string value) =>
        new(new Dictionary<string, string> { ["build_property." + property] = value });

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _files.TryGetValue(tree.FilePath, out var options) ? options : Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly IReadOnlyDictionary<string, string> _values;

        public Options(IReadOnlyDictionary<string, string> values) => _values = values;

        public static Options Empty { get; } = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
