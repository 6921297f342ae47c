using Microsoft.CodeAnalysis;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Lowering;

namespace SymDiff.Generators.Emit;

/// <summary>
/// The ILGPU output of the pipeline: where the compilation references ILGPU (<c>ILGPU.Index1D</c>,
/// <c>ILGPU.Runtime.KernelLoaders</c>) and ILGPU.Algorithms (<c>ILGPU.Algorithms.XMath</c>), one more file per method that
/// gets batched kernels, <c>{Type}.{Method}.Gpu.g.cs</c> (<see cref="GpuEmitter"/>); a method whose kernels cannot be
/// ILGPU kernels gets SD0028 instead. The references are read as one value, so edits elsewhere leave it cached.
/// </summary>
internal static class GpuOutput
{
    /// <summary>
    /// Adds the GPU files: ILGPU kernels of the methods with batched kernels, per-example kernels of the methods with
    /// loops that take per-element data; returns them, so that the methods that got none are reported.
    /// </summary>
    public static (IncrementalValuesProvider<GeneratedFile> Element, IncrementalValuesProvider<GeneratedFile> PerExample) Register(
        IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<NamedMethod> resolved, IncrementalValueProvider<GeneratorOptions> options,
        IncrementalValueProvider<Model.SourceSites> sites)
    {
        var overloads = GpuOverloads.Register(resolved, options, sites);
        var support = context.CompilationProvider
            .Select(static (compilation, _) => GpuMembers.Support(compilation))
            .WithTrackingName(TrackingNames.GpuSupport);

        context.RegisterSourceOutput(support, static (spc, gpu) =>
        {
            if (gpu == GpuSupport.WithoutAlgorithms)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GpuWithoutAlgorithms, Location.None));
            }
        });

        var files = BatchOutput.WithKernels(resolved, options, static named => named.GpuHintName)
            .Combine(support)
            .Where(static pair => pair.Right >= GpuSupport.Ilgpu)
            .Select(static (pair, _) => pair.Left)
            .Combine(overloads)
            .WithTrackingName(TrackingNames.GpuInputs)
            .Select(static (pair, _) =>
            {
                var ((input, hintName), clashes) = pair;
                return (GpuOverloads.Obstacle(clashes, input.Method) ?? GpuEmitter.Obstacle(input)) is { } obstacle
                    ? GeneratedFile.NotGenerated(hintName, SiteDiagnostic.AtName(DiagnosticDescriptors.NoGpuKernel, CallGraph.KeyOf(input.Method), input.Method.Name, obstacle))
                    : GeneratedFile.Emit(hintName, input.Method, () => GpuEmitter.Emit(input));
            })
            .WithTrackingName(TrackingNames.GpuSources);
        GeneratedFile.AddSources(context, files);
        return (files, RegisterPerExample(context, resolved, support, overloads));
    }

    /// <summary>
    /// The per-example kernels' files (<see cref="MemberEmitter.EmitPerExample"/>), under the same hint name as element
    /// kernels (a method has one kind or the other); without SymDiff.Gpu, SD0028 says what to reference.
    /// </summary>
    private static IncrementalValuesProvider<GeneratedFile> RegisterPerExample(
        IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<NamedMethod> resolved, IncrementalValueProvider<GpuSupport> support,
        IncrementalValueProvider<Model.EquatableArray<(string Key, string Other)>> overloads)
    {
        var files = resolved
            .Where(static named => named.Method.Input is { } input && GpuMembers.WantsPerExample(input.Method))
            .Select(static (named, _) => (named.Method.Input!, named.GpuHintName))
            .Combine(support)
            .Where(static pair => pair.Right >= GpuSupport.Ilgpu)
            .Combine(overloads)
            .WithTrackingName(TrackingNames.PerExampleInputs)
            .Select(static (pair, _) =>
            {
                var (((input, hintName), gpu), clashes) = pair;
                var obstacle = gpu == GpuSupport.IlgpuWithRuntime ? GpuOverloads.Obstacle(clashes, input.Method) ?? MemberEmitter.PerExampleObstacle(input)
                    : "per-example kernels (one thread per example, for a method with loops or spans that takes [NoDerivative(PerElement = true)] data) run on the device tape of SymDiff.Gpu; add a reference to the SymDiff.Gpu package to get them";
                return obstacle is not null
                    ? GeneratedFile.NotGenerated(hintName, SiteDiagnostic.AtName(DiagnosticDescriptors.NoGpuKernel, CallGraph.KeyOf(input.Method), input.Method.Name, obstacle))
                    : GeneratedFile.Emit(hintName, input.Method, () => MemberEmitter.EmitPerExample(input));
            })
            .WithTrackingName(TrackingNames.PerExampleSources);
        GeneratedFile.AddSources(context, files);
        return files;
    }
}
