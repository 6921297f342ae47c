using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SymDiff.Generators.Diagnostics;

namespace SymDiff.Generators;

/// <summary>A value of an option SymDiff does not accept: what SD0026 says, once per compilation.</summary>
/// <param name="Option">Where it is set: <c>MSBuild property SymDiffFileNames</c> or <c>.editorconfig key symdiff_file_names</c>.</param>
/// <param name="Value">The value as written.</param>
/// <param name="Accepted">The values the option takes.</param>
/// <param name="Fallback">What SymDiff does instead.</param>
internal sealed record OptionProblem(string Option, string Value, string Accepted, string Fallback)
{
    public Diagnostic ToDiagnostic() => Diagnostic.Create(DiagnosticDescriptors.UnknownOptionValue, Location.None, Option, Value, Accepted, Fallback);
}

/// <summary>One option: its MSBuild property and <c>.editorconfig</c> key, the values it takes (ignoring case), and its default.</summary>
internal sealed class OptionSpec<T>(string property, string key, IReadOnlyDictionary<string, T> values, string accepted, string byDefault)
    where T : struct
{
    /// <summary>The project's value from <c>build_property.{property}</c>; an unknown one is a problem and gives <see langword="null"/> (the default).</summary>
    public T? ReadProject(AnalyzerConfigOptions options, List<OptionProblem> problems) =>
        Read(options, "build_property." + property, "MSBuild property " + property, "SymDiff uses the default: " + byDefault, problems);

    /// <summary>A file's value from its <c>.editorconfig</c> sections; an unknown one is a problem and gives <see langword="null"/> (the project's setting).</summary>
    public T? ReadFile(AnalyzerConfigOptions options, List<OptionProblem> problems) =>
        Read(options, key, ".editorconfig key " + key, $"SymDiff uses the project's setting ({property}, by default {byDefault}) there", problems);

    private T? Read(AnalyzerConfigOptions options, string name, string option, string fallback, List<OptionProblem> problems)
    {
        if (!options.TryGetValue(name, out var written) || string.IsNullOrWhiteSpace(written))
        {
            return null;
        }

        if (values.TryGetValue(written.Trim().ToLowerInvariant(), out var value))
        {
            return value;
        }

        problems.Add(new OptionProblem(option, written.Trim(), accepted, fallback));
        return null;
    }
}

/// <summary>SymDiff's options and the values each takes.</summary>
internal static class OptionSpecs
{
    public static readonly OptionSpec<BatchMode> Batch = new(
        "SymDiffBatchKernels",
        "symdiff_batch_kernels",
        new Dictionary<string, BatchMode> { ["all"] = BatchMode.All, ["true"] = BatchMode.All, ["none"] = BatchMode.None, ["false"] = BatchMode.None },
        "all, none (true, false), or no value",
        "batched kernels only for methods marked [Differentiable(Batch = true)]");

    public static readonly OptionSpec<bool> DocFormulas = new(
        "SymDiffDocFormulas",
        "symdiff_doc_formulas",
        new Dictionary<string, bool> { ["true"] = true, ["false"] = false },
        "true, false",
        "true");

    public static readonly OptionSpec<bool> SimdLoops = new(
        "SymDiffSimdLoops",
        "symdiff_simd_loops",
        new Dictionary<string, bool> { ["true"] = true, ["false"] = false },
        "true, false",
        "true");

    public static readonly OptionSpec<FileNameStyle> FileNames = new(
        "SymDiffFileNames",
        "symdiff_file_names",
        new Dictionary<string, FileNameStyle> { ["short"] = FileNameStyle.Short, ["signature"] = FileNameStyle.Signature },
        "short, signature",
        "short");
}
