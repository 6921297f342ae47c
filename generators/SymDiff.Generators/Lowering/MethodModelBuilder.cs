using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>The result of discovering one method: its model when it can be differentiated, and its diagnostics.</summary>
internal sealed record LoweredMethod(MethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Discover → fence → lower for one <c>[Differentiable]</c> method.</summary>
internal static class MethodModelBuilder
{
    public static LoweredMethod Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return new LoweredMethod(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            var body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
            if (body is not null && NestingGuard.Check(method, body) is { } tooDeep)
            {
                return new LoweredMethod(null, new[] { tooDeep }.ToEquatableArray());
            }

            if (UserErrors.InMethod(context.SemanticModel, syntax, cancellationToken) || UserErrors.IsDuplicated(method))
            {
                return new LoweredMethod(null, EquatableArray<DiagnosticInfo>.Empty);
            }

            Fence.CheckSignature(method, syntax, diagnostics);
            var operation = body is null ? null : context.SemanticModel.GetOperation(body, cancellationToken);
            if (operation is not null)
            {
                Fence.CheckBody(method, operation, diagnostics);
            }

            if (operation is null || HasError(diagnostics))
            {
                return new LoweredMethod(null, diagnostics.ToEquatableArray());
            }

            cancellationToken.ThrowIfCancellationRequested();
            var checkpoint = Checkpoint(method, syntax, diagnostics);
            if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
            {
                return new LoweredMethod(null, diagnostics.ToEquatableArray());
            }

            if (UsesLoops(method, operation))
            {
                return LoopMethod(method, syntax, operation, diagnostics, checkpoint);
            }

            if (checkpoint.Every >= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CheckpointWithoutLoop, checkpoint.Location, method.Name));
            }

            var (stmts, result, calls) = BodyLowerer.Lower(method, operation);
            var model = new MethodModel(
                method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                ContainingTypes(method.ContainingType),
                KnownSymbols.FullName(method.ContainingType),
                method.Name,
                KnownSymbols.AccessibilityKeyword(method.DeclaredAccessibility),
                KnownSymbols.KindOf(method.ReturnType)!.Value,
                method.Parameters.Select(KnownSymbols.ToParamModel).ToEquatableArray(),
                stmts,
                result,
                calls,
                $"{method.Name}({string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString()))})",
                LocationInfo.From(syntax.Identifier.GetLocation()));

            if (!Activity.ResultIsActive(model))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConstantResult, model.Location, method.Name));
            }

            return new LoweredMethod(model, diagnostics.ToEquatableArray());
        }
        catch (InsufficientExecutionStackException)
        {
            return new LoweredMethod(null, new[] { NestingGuard.OutOfStack(method.Name, LocationInfo.From(syntax.Identifier.GetLocation())) }.ToEquatableArray());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InternalError, LocationInfo.From(syntax.Identifier.GetLocation()), method.Name, exception.Message));
            return new LoweredMethod(null, diagnostics.ToEquatableArray());
        }
    }

    /// <summary>
    /// The method's <c>[Checkpoint]</c>: its segment length (0 for the default) and where it is written, or -1 without
    /// the attribute; a negative <c>Every</c> is SD0019.
    /// </summary>
    private static (int Every, LocationInfo? Location) Checkpoint(IMethodSymbol method, MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownSymbols.CheckpointAttribute);
        if (attribute is null)
        {
            return (-1, null);
        }

        var location = attribute.ApplicationSyntaxReference?.GetSyntax() is { } node ? LocationInfo.From(node) : LocationInfo.From(syntax.Identifier.GetLocation());
        var every = attribute.NamedArguments.Where(n => n.Key == "Every").Select(n => n.Value.Value as int?).FirstOrDefault() ?? 0;
        if (every < 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CheckpointSegment, location, every.ToString(System.Globalization.CultureInfo.InvariantCulture), method.Name));
        }

        return (every, location);
    }

    /// <summary>True for bodies the imperative loop path handles: loops, spans or arrays, or a span output.</summary>
    private static bool UsesLoops(IMethodSymbol method, IOperation body) =>
        method.ReturnsVoid
        || method.Parameters.Any(p => KnownSymbols.IsArrayLike(p.Type))
        || body.Descendants().Any(o => o is ILoopOperation || o is IVariableDeclaratorOperation d && KnownSymbols.IsArrayLike(d.Symbol.Type));

    private static LoweredMethod LoopMethod(
        IMethodSymbol method, MethodDeclarationSyntax syntax, IOperation operation, List<DiagnosticInfo> diagnostics, (int Every, LocationInfo? Location) checkpoint)
    {
        LoopProgram program;
        EquatableArray<CallModel> calls;
        LoopAnalysis analysis;
        try
        {
            // Lowering reports every construct it rejects and goes on; the program it returns is still well formed,
            // so the analysis below runs on it too and the calls it rejects are reported in the same build.
            (program, calls) = LoopLowerer.Lower(method, operation, diagnostics);
            program = program with { CheckpointEvery = checkpoint.Every };
            analysis = new LoopAnalysis(program, calls);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && HasError(diagnostics))
        {
            // A rejected construct can leave the rest of the body in a shape the later steps do not expect; what was
            // rejected is what the user must fix first.
            return new LoweredMethod(null, diagnostics.ToEquatableArray());
        }

        if (checkpoint.Every >= 0 && !program.Body.Any(ContainsLoop))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CheckpointWithoutLoop, checkpoint.Location, method.Name));
        }

        var active = analysis.ActiveCalls();
        calls = calls.Select((c, i) => c with { IsPassive = !active.Contains(i) }).ToEquatableArray();
        foreach (var call in calls.Where(c => !c.IsPassive && c.ReturnsVoid))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedArray, call.Location, call.MethodName, method.Name,
                "calls to methods that write span outputs are not differentiated inside another method; call them from plain code, or return a scalar"));
        }

        if (HasError(diagnostics))
        {
            return new LoweredMethod(null, diagnostics.ToEquatableArray());
        }

        var returnKind = KnownSymbols.KindOf(method.ReturnType)
            ?? method.Parameters.Select(p => KnownSymbols.ShapeOf(p.Type)).First(s => s.IsWritable).Kind!.Value;
        var model = new MethodModel(
            method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            ContainingTypes(method.ContainingType),
            KnownSymbols.FullName(method.ContainingType),
            method.Name,
            KnownSymbols.AccessibilityKeyword(method.DeclaredAccessibility),
            returnKind,
            method.Parameters.Select(KnownSymbols.ToParamModel).ToEquatableArray(),
            EquatableArray<Stmt>.Empty,
            -1,
            calls,
            $"{method.Name}({string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString().Replace('<', '{').Replace('>', '}')))})",
            LocationInfo.From(syntax.Identifier.GetLocation()),
            program);

        var resultActive = program.Result >= 0
            ? analysis.Active.Contains(program.Result)
            : program.Vars.Any(v => v.IsOutput && v.Origin == VarOrigin.Parameter && analysis.Active.Contains(v.Id));
        if (!resultActive)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConstantResult, model.Location, method.Name));
        }

        return new LoweredMethod(model, diagnostics.ToEquatableArray());
    }

    private static bool ContainsLoop(LStmt statement) => statement switch
    {
        LLoop => true,
        LIf i => i.Then.Any(ContainsLoop) || i.Else.Any(ContainsLoop),
        _ => false,
    };

    private static bool HasError(List<DiagnosticInfo> diagnostics) =>
        diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);

    private static EquatableArray<TypeDeclModel> ContainingTypes(INamedTypeSymbol type)
    {
        var types = new List<TypeDeclModel>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var keyword = current switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            var name = current.TypeParameters.Length == 0
                ? current.Name
                : $"{current.Name}<{string.Join(", ", current.TypeParameters.Select(t => t.Name))}>";
            types.Insert(0, new TypeDeclModel(keyword, name, current.IsStatic));
        }

        return types.ToEquatableArray();
    }
}
