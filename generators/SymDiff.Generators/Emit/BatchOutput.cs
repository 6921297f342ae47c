using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// The batched-kernel output of the pipeline: for each resolved method whose parameters are all scalars and that the
/// options ask kernels of (<see cref="GeneratorOptions.WantsBatch"/>: by default only <c>[Differentiable(Batch = true)]</c>,
/// since the kernels are most of the generated code), one more file, <c>{Type}.{Method}.Batch.g.cs</c> (named by <see cref="HintNames"/>). It also reads one compilation option, whether unsafe code is allowed
/// (splitting long spans across cores pins them), as a bool so that edits elsewhere leave it cached.
/// </summary>
internal static class BatchOutput
{
    /// <summary>Adds the batch files; returns them, so that those that could not be emitted are reported.</summary>
    public static IncrementalValuesProvider<GeneratedFile> Register(
        IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<NamedMethod> resolved, IncrementalValueProvider<GeneratorOptions> options)
    {
        var allowsUnsafe = context.CompilationProvider
            .Select(static (compilation, _) => compilation.Options is CSharpCompilationOptions { AllowUnsafe: true })
            .WithTrackingName(TrackingNames.AllowsUnsafe);

        var files = WithKernels(resolved, options, static named => named.BatchHintName)
            .Combine(allowsUnsafe)
            .WithTrackingName(TrackingNames.BatchInputs)
            .Select(static (pair, _) =>
            {
                var (input, hintName) = pair.Left;
                return GeneratedFile.Emit(hintName, input.Method, () => BatchEmitter.Emit(input, pair.Right));
            })
            .WithTrackingName(TrackingNames.BatchSources);
        GeneratedFile.AddSources(context, files);
        return files;
    }

    /// <summary>
    /// The methods that get batched kernels (every parameter a scalar, one differentiated, and the options ask for
    /// them), each with the hint name <paramref name="hintName"/> picks: the C# kernels' file or the GPU one.
    /// </summary>
    public static IncrementalValuesProvider<(EmitInput Input, string HintName)> WithKernels(
        IncrementalValuesProvider<NamedMethod> resolved, IncrementalValueProvider<GeneratorOptions> options, Func<NamedMethod, string> hintName) => resolved
        .Where(static named => named.Method.Input is { } input && input.Method.HasKernels)
        .Combine(options)
        .Where(static pair => pair.Right.WantsBatch(pair.Left.Method.Input!.Method))
        .Select((pair, _) => (pair.Left.Method.Input!, hintName(pair.Left)));
}
