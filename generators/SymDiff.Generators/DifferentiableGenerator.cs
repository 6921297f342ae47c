using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Emit;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;

namespace SymDiff.Generators;

/// <summary>
/// Emits forward- and reverse-mode derivatives of methods marked <c>[Differentiable]</c>.
/// Pipeline: discover → fence → lower (cached per method) → resolve calls against the custom-derivative registry and
/// the call graph (which methods are accepted) →
/// differentiate, simplify and emit (per method, only when its inputs changed).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownSymbols.DifferentiableAttribute, static (node, _) => node is MethodDeclarationSyntax, MethodModelBuilder.Build)
            .WithTrackingName(TrackingNames.Methods);

        var customDerivatives = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownSymbols.DerivativeOfAttribute, static (node, _) => node is MethodDeclarationSyntax, CustomDerivativeBuilder.Build)
            .WithTrackingName(TrackingNames.CustomDerivatives);

        var registry = customDerivatives
            .Select(static (c, _) => c.Model)
            .Where(static m => m is not null)
            .Collect()
            .Select(static (models, _) => models.Select(m => m!).OrderBy(m => m.TargetTypeName).ThenBy(m => m.TargetName).ThenBy(m => m.DerivativeName).ToEquatableArray())
            .WithTrackingName(TrackingNames.CustomDerivativeRegistry);

        var models = methods
            .Select(static (m, _) => m.Model)
            .Where(static m => m is not null)
            .WithTrackingName(TrackingNames.MethodModels);

        // Where the methods and their calls are: kept out of the models, so a method that only moves is not emitted
        // again; the steps that need source order and the generator's diagnostics read it.
        var sites = methods
            .Select(static (m, _) => m.Model is null ? null : m.Sites)
            .Where(static s => s is not null)
            .Collect()
            .Select(static (all, _) => new SourceSites(all.Select(s => s!).ToEquatableArray()))
            .WithTrackingName(TrackingNames.Sites);

        // Which methods get derivatives, decided over all of them at once (a rejected or recursive callee rejects its
        // callers). Only the verdicts flow on, so editing one method's body re-emits no other method.
        var callGraph = models
            .Select(static (m, _) => CallGraph.Node(m!))
            .Collect()
            .Combine(registry)
            .Select(static (pair, _) => CallGraph.Build(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.CallGraph);

        var resolved = models
            .Combine(registry)
            .Combine(callGraph)
            .Select(static (pair, _) => CallResolver.Resolve(pair.Left.Left!, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.EmitInputs);
        resolved = GeneratedMembers.RejectCollisions(resolved, sites);

        // The per-method diagnostics of discovery and of custom derivatives are the analyzer's to report
        // (Analysis/DifferentiableAnalyzer), where editors see them; reporting them here too would show each twice.
        var options = GeneratorOptions.Register(context);
        var named = HintNames.Assign(resolved, options, sites);

        // An option's unknown value is read here only (the analyzer reads no options), so it is reported once.
        context.RegisterSourceOutput(options.Select(static (o, _) => o.Problems), static (spc, problems) =>
        {
            foreach (var problem in problems)
            {
                spc.ReportDiagnostic(problem.ToDiagnostic());
            }
        });

        // Each method takes only its own doc-formulas and SIMD-loops switches from the options, so changing another
        // option (or another file's) leaves its output cached.
        var files = named
            .Where(static n => n.Method.Input is not null)
            .Combine(options)
            .Select(static (pair, _) => (
                Named: pair.Left,
                DocFormulas: pair.Right.WantsDocFormulas(pair.Left.Method.Input!.Method),
                SimdLoops: pair.Right.WantsSimdLoops(pair.Left.Method.Input!.Method)))
            .WithTrackingName(TrackingNames.MethodOutputs)
            .Select(static (output, _) =>
            {
                var input = output.Named.Method.Input!;
                return GeneratedFile.Emit(output.Named.HintName, input.Method, () => MethodEmitter.Emit(input, output.DocFormulas, output.SimdLoops));
            })
            .WithTrackingName(TrackingNames.MethodSources);
        GeneratedFile.AddSources(context, files);

        var batchFiles = BatchOutput.Register(context, named, options);
        var (gpuFiles, perExampleFiles) = GpuOutput.Register(context, named, options, sites);
        // [Differentiable(Hessian = true)] on a method whose second derivatives are not generated (yet): said on its name.
        var hessianRejections = resolved
            .Select(static (r, _) => r.Input is { Method: { Hessian: true } m, HessianObstacle: { } why }
                ? SiteDiagnostic.AtName(DiagnosticDescriptors.HessianUnsupported, CallGraph.KeyOf(m), m.Name, why)
                : null)
            .Where(static d => d is not null)
            .Select(static (d, _) => d!);
        GeneratorDiagnostics.Register(
            context,
            sites,
            resolved.SelectMany(static (r, _) => r.Diagnostics.Items),
            hessianRejections,
            Failures(files),
            Failures(batchFiles),
            Failures(gpuFiles),
            Failures(perExampleFiles));
    }

    private static IncrementalValuesProvider<SiteDiagnostic> Failures(IncrementalValuesProvider<GeneratedFile> files) =>
        files.Where(static f => f.Failure is not null).Select(static (f, _) => f.Failure!);
}
