using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;

namespace SymDiff.Generators;

/// <summary>Which methods get batched kernels.</summary>
internal enum BatchMode : byte
{
    /// <summary>The default: methods marked <c>[Differentiable(Batch = true)]</c>.</summary>
    Asked,

    /// <summary><c>SymDiffBatchKernels=all</c> / <c>symdiff_batch_kernels = true</c>: every method that can have them, unless it says <c>Batch = false</c>.</summary>
    All,

    /// <summary><c>SymDiffBatchKernels=none</c> / <c>symdiff_batch_kernels = false</c>: no method, whatever its attribute says.</summary>
    None,
}

/// <summary>How generated files are named.</summary>
internal enum FileNameStyle : byte
{
    /// <summary>The default: <c>Namespace.Type.Method.g.cs</c>, overloads told apart by a hash of their parameter types.</summary>
    Short,

    /// <summary><c>SymDiffFileNames=signature</c>: the name and every parameter's kind, <c>Namespace.Type.Method_Double_ReadOnlySpan{Double}.g.cs</c>.</summary>
    Signature,
}

/// <summary>What one source file's <c>.editorconfig</c> sections set; <see langword="null"/> where they say nothing or what SymDiff does not accept.</summary>
internal sealed record FileOptions(string Path, BatchMode? Batch, bool? DocFormulas, FileNameStyle? FileNames, EquatableArray<OptionProblem> Problems)
{
    /// <summary><c>symdiff_simd_loops</c>; null where the file's sections say nothing.</summary>
    public bool? SimdLoops { get; init; }
}

/// <summary>
/// The switches for what is emitted: the project's MSBuild properties (<c>SymDiffBatchKernels</c>,
/// <c>SymDiffDocFormulas</c>, <c>SymDiffFileNames</c>, <c>SymDiffSimdLoops</c>, made visible to the compiler by the
/// package's targets) and, per file, the <c>.editorconfig</c> keys <c>symdiff_batch_kernels</c>,
/// <c>symdiff_doc_formulas</c>, <c>symdiff_file_names</c> and <c>symdiff_simd_loops</c>, which win over the project's. Read once into plain values so that the pipeline compares
/// them by value: an edit that does not change an option leaves every output cached, and a changed option re-runs only
/// the outputs it decides. A value SymDiff does not accept is left out (the default, or the project's setting for a
/// file) and is one of <see cref="Problems"/>, which the generator reports once (SD0026).
/// </summary>
internal sealed record GeneratorOptions(BatchMode Batch, bool DocFormulas, EquatableArray<FileOptions> Files, FileNameStyle FileNames, EquatableArray<OptionProblem> Problems)
{
    /// <summary><c>SymDiffSimdLoops</c>: innermost loops of generated members may run on SIMD registers (the default).</summary>
    public bool SimdLoops { get; init; } = true;

    /// <summary>The options as one incremental value (tracked as <see cref="TrackingNames.Options"/>).</summary>
    public static IncrementalValueProvider<GeneratorOptions> Register(IncrementalGeneratorInitializationContext context)
    {
        // Per-file options are looked up by syntax tree (the provider has no lookup by path), so the files that declare
        // [Differentiable] methods are found by the attribute, the same cheap way the methods are; only files whose
        // sections set a SymDiff key are kept, as plain data.
        var files = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownSymbols.DifferentiableAttribute, static (node, _) => node is MethodDeclarationSyntax, static (ctx, _) => ctx.TargetNode.SyntaxTree)
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => ReadFile(pair.Left.FilePath, pair.Right.GetOptions(pair.Left)))
            .Where(static file => file is not null)
            .Collect();

        return context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadProject(provider.GlobalOptions))
            .Combine(files)
            .Select(static (pair, _) =>
            {
                var fileOptions = pair.Right.Select(f => f!).Distinct().OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
                var problems = pair.Left.Problems.Concat(fileOptions.SelectMany(f => f.Problems)).Distinct();
                return pair.Left with { Files = fileOptions.ToEquatableArray(), Problems = problems.ToEquatableArray() };
            })
            .WithTrackingName(TrackingNames.Options);
    }

    /// <summary>True when <paramref name="method"/> gets a <c>….Batch.g.cs</c> (if it can have kernels at all).</summary>
    public bool WantsBatch(MethodModel method) => (File(method)?.Batch ?? Batch) switch
    {
        BatchMode.All => method.Batch != false,
        BatchMode.None => false,
        _ => method.Batch == true,
    };

    /// <summary>True when <paramref name="method"/>'s members carry formula remarks and <c>[DerivativeFormula]</c>.</summary>
    public bool WantsDocFormulas(MethodModel? method) => method is null || (File(method)?.DocFormulas ?? DocFormulas);

    /// <summary>True when <paramref name="method"/>'s generated members may run innermost loops on SIMD registers.</summary>
    public bool WantsSimdLoops(MethodModel method) => File(method)?.SimdLoops ?? SimdLoops;

    /// <summary>How <paramref name="method"/>'s files are named.</summary>
    public FileNameStyle FileNamesOf(MethodModel method) => File(method)?.FileNames ?? FileNames;

    private FileOptions? File(MethodModel method) => Files.FirstOrDefault(f => f.Path == method.FilePath);

    private static GeneratorOptions ReadProject(AnalyzerConfigOptions options)
    {
        var problems = new List<OptionProblem>();
        var simdLoops = OptionSpecs.SimdLoops.ReadProject(options, problems) ?? true;
        return new GeneratorOptions(
            OptionSpecs.Batch.ReadProject(options, problems) ?? BatchMode.Asked,
            OptionSpecs.DocFormulas.ReadProject(options, problems) ?? true,
            EquatableArray<FileOptions>.Empty,
            OptionSpecs.FileNames.ReadProject(options, problems) ?? FileNameStyle.Short,
            problems.ToEquatableArray())
        {
            SimdLoops = simdLoops,
        };
    }

    private static FileOptions? ReadFile(string path, AnalyzerConfigOptions options)
    {
        var problems = new List<OptionProblem>();
        var simdLoops = OptionSpecs.SimdLoops.ReadFile(options, problems);
        var file = new FileOptions(
            path,
            OptionSpecs.Batch.ReadFile(options, problems),
            OptionSpecs.DocFormulas.ReadFile(options, problems),
            OptionSpecs.FileNames.ReadFile(options, problems),
            problems.ToEquatableArray())
        {
            SimdLoops = simdLoops,
        };
        return file is { Batch: null, DocFormulas: null, FileNames: null, SimdLoops: null, Problems.Length: 0 } ? null : file;
    }
}
