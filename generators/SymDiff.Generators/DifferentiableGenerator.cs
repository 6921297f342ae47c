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
        resolved = GeneratedMembers.RejectCollisions(resolved);

        // The per-method diagnostics of discovery and of custom derivatives are the analyzer's to report
        // (Analysis/DifferentiableAnalyzer), where editors see them; reporting them here too would show each twice.
        var options = GeneratorOptions.Register(context);
        var named = HintNames.Assign(resolved, options);

        // An option's unknown value is read here only (the analyzer reads no options), so it is reported once.
        context.RegisterSourceOutput(options.Select(static (o, _) => o.Problems), static (spc, problems) =>
        {
            foreach (var problem in problems)
            {
                spc.ReportDiagnostic(problem.ToDiagnostic());
            }
        });

        // Each method takes only its own doc-formulas switch from the options, so changing another option (or another
        // file's) leaves its output cached.
        var outputs = named
            .Combine(options)
            .Select(static (pair, _) => (Named: pair.Left, DocFormulas: pair.Right.WantsDocFormulas(pair.Left.Method.Input?.Method)))
            .WithTrackingName(TrackingNames.MethodOutputs);
        context.RegisterSourceOutput(outputs, static (spc, output) =>
        {
            Report(spc, output.Named.Method.Diagnostics);
            if (output.Named.Method.Input is { } input)
            {
                Emit(spc, input, output.Named.HintName, output.DocFormulas);
            }
        });

        BatchOutput.Register(context, named, options);
    }

    private static void Emit(SourceProductionContext context, EmitInput input, string hintName, bool docFormulas)
    {
        string source;
        try
        {
            source = MethodEmitter.Emit(input, docFormulas);
        }
        catch (InsufficientExecutionStackException)
        {
            context.ReportDiagnostic(NestingGuard.OutOfStack(input.Method.Name, input.Method.Location).ToDiagnostic());
            return;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, input.Method.Location, input.Method.Name, exception.Message).ToDiagnostic());
            return;
        }

        context.AddSource(hintName, source);
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}
