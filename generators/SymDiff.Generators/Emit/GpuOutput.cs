using Microsoft.CodeAnalysis;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Lowering;

namespace SymDiff.Generators.Emit;

/// <summary>What of ILGPU the compilation references.</summary>
internal enum GpuSupport
{
    /// <summary>No ILGPU: nothing GPU-related is generated.</summary>
    None,

    /// <summary>ILGPU without ILGPU.Algorithms: no kernels, and SD0027 says why.</summary>
    WithoutAlgorithms,

    /// <summary>ILGPU and ILGPU.Algorithms: every method with batched kernels gets ILGPU kernels too.</summary>
    Ilgpu,
}

/// <summary>
/// The ILGPU output of the pipeline: where the compilation references ILGPU (<c>ILGPU.Index1D</c>,
/// <c>ILGPU.Runtime.KernelLoaders</c>) and ILGPU.Algorithms (<c>ILGPU.Algorithms.XMath</c>), one more file per method that
/// gets batched kernels, <c>{Type}.{Method}.Gpu.g.cs</c> (<see cref="GpuEmitter"/>); a method whose kernels cannot be
/// ILGPU kernels gets SD0028 instead. The references are read as one value, so edits elsewhere leave it cached.
/// </summary>
internal static class GpuOutput
{
    /// <summary>Adds the GPU files; returns them, so that the methods that got none are reported.</summary>
    public static IncrementalValuesProvider<GeneratedFile> Register(
        IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<NamedMethod> resolved, IncrementalValueProvider<GeneratorOptions> options)
    {
        var support = context.CompilationProvider
            .Select(static (compilation, _) => Support(compilation))
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
            .Where(static pair => pair.Right == GpuSupport.Ilgpu)
            .Select(static (pair, _) => pair.Left)
            .WithTrackingName(TrackingNames.GpuInputs)
            .Select(static (pair, _) =>
            {
                var (input, hintName) = pair;
                return GpuEmitter.Obstacle(input) is { } obstacle
                    ? GeneratedFile.NotGenerated(hintName, SiteDiagnostic.AtName(DiagnosticDescriptors.NoGpuKernel, CallGraph.KeyOf(input.Method), input.Method.Name, obstacle))
                    : GeneratedFile.Emit(hintName, input.Method, () => GpuEmitter.Emit(input));
            })
            .WithTrackingName(TrackingNames.GpuSources);
        GeneratedFile.AddSources(context, files);
        return files;
    }

    private static GpuSupport Support(Compilation compilation) =>
        compilation.GetTypeByMetadataName("ILGPU.Index1D") is null || compilation.GetTypeByMetadataName("ILGPU.Runtime.KernelLoaders") is null
            ? GpuSupport.None
            : compilation.GetTypeByMetadataName("ILGPU.Algorithms.XMath") is null ? GpuSupport.WithoutAlgorithms : GpuSupport.Ilgpu;
}
