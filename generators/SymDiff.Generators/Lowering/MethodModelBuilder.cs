using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// The result of discovering one method: its model when it can be differentiated, its diagnostics, its calls, and where
/// it and its calls are written.
/// </summary>
/// <param name="Calls">
/// The body's calls to methods, each marked passive or not: the model's for an accepted method, and for a rejected one
/// the calls found anyway, so that a call without a derivative (SD0007) is reported with the method's other problems.
/// </param>
/// <param name="Sites">Where the method's name and each of <paramref name="Calls"/> are written.</param>
internal sealed record LoweredMethod(
    MethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<CallModel> Calls = default, MethodSites? Sites = null);

/// <summary>Discover → fence → lower for one <c>[Differentiable]</c> method.</summary>
internal static class MethodModelBuilder
{
    /// <summary>The generator's entry: one method found by its <c>[Differentiable]</c> attribute.</summary>
    public static LoweredMethod Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.TargetSymbol is IMethodSymbol method && context.TargetNode is MethodDeclarationSyntax syntax
            ? Build(method, syntax, context.SemanticModel, cancellationToken, bindsBodies: true)
            : new LoweredMethod(null, EquatableArray<DiagnosticInfo>.Empty);

    /// <summary>
    /// Fences and lowers <paramref name="method"/>. The generator and the analyzer (which reports these diagnostics in
    /// editors) both call this, so they can never disagree about what is rejected.
    /// </summary>
    /// <param name="bindsBodies">
    /// True for the generator: it binds the bodies itself, with the shared models without nullable analysis. False for
    /// the analyzer, whose <paramref name="semanticModel"/> has bound them already and is shared instead.
    /// </param>
    public static LoweredMethod Build(
        IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken, bool bindsBodies = false)
    {
        if (!bindsBodies)
        {
            SharedSemanticModels.Share(semanticModel);
        }

        var diagnostics = new List<DiagnosticInfo>();
        var compilation = semanticModel.Compilation;
        try
        {
            var body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
            if (body is not null && NestingGuard.Check(method, body) is { } tooDeep)
            {
                return new LoweredMethod(null, new[] { tooDeep }.ToEquatableArray());
            }

            if (UserErrors.InMethod(semanticModel, syntax, cancellationToken) || UserErrors.IsDuplicated(method))
            {
                return new LoweredMethod(null, EquatableArray<DiagnosticInfo>.Empty);
            }

            Fence.CheckSignature(method, syntax, diagnostics);
            CheckFileLocal(method, diagnostics);
            // Bound by the tree's shared model, which its callees' bodies are bound by too (SharedSemanticModels).
            var operation = body is null ? null : SharedSemanticModels.For(compilation, syntax.SyntaxTree).GetOperation(body, cancellationToken);
            if (operation is null)
            {
                return new LoweredMethod(null, diagnostics.ToEquatableArray());
            }

            // A body with loops or spans inlines its small [Differentiable] callees (InlinedCallees).
            var scalar = LoopLowerer.IsScalarBody(method, operation);
            if (InlinedHelpers.HaveErrors(operation, compilation, cancellationToken, inlineCallees: !scalar))
            {
                return new LoweredMethod(null, EquatableArray<DiagnosticInfo>.Empty);
            }

            var calls = Fence.CheckBody(method, operation, diagnostics, inlineCallees: !scalar);
            cancellationToken.ThrowIfCancellationRequested();
            var checkpoint = Checkpoint(method, syntax, diagnostics);
            if (HasError(diagnostics))
            {
                return Unlowered(method, syntax, operation, calls, diagnostics);
            }

            return Lower(method, syntax, operation, diagnostics, checkpoint, calls, scalar);
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

    /// <summary>A rejected method: its diagnostics, and its calls as <see cref="UnloweredActivity"/> finds them, with their sites.</summary>
    private static LoweredMethod Unlowered(
        IMethodSymbol method, MethodDeclarationSyntax syntax, IOperation body, IReadOnlyList<IInvocationOperation> calls, List<DiagnosticInfo> diagnostics) =>
        new(null, diagnostics.ToEquatableArray(), UnloweredActivity.Calls(method, body, calls),
            new MethodSites(string.Empty, LocationInfo.From(syntax.Identifier.GetLocation()), calls.Select(c => LocationInfo.Of(c.Syntax)).ToEquatableArray()));

    /// <summary>
    /// Lowers the fenced body to one <see cref="LoopProgram"/> and builds the method's model from it. A body of scalars
    /// only (<see cref="LoopLowerer.IsScalarBody"/>) is a <see cref="ScalarBody"/>, which the scalar sweeps differentiate
    /// whole; any other is the program itself, which the loop back end analyses.
    /// </summary>
    private static LoweredMethod Lower(
        IMethodSymbol method, MethodDeclarationSyntax syntax, IOperation operation, List<DiagnosticInfo> diagnostics, (int Every, LocationInfo? Location) checkpoint,
        IReadOnlyList<IInvocationOperation> fencedCalls, bool scalar)
    {
        var compilation = operation.SemanticModel!.Compilation;
        LoopProgram program;
        EquatableArray<CallModel> calls;
        EquatableArray<LocationInfo> callSites;
        Activity activity;
        try
        {
            // Lowering reports every construct it rejects and goes on; the program it returns is still well formed,
            // so the analysis below runs on it too and the calls it rejects are reported in the same build.
            (program, calls, callSites) = LoopLowerer.Lower(method, operation, diagnostics, scalar, inlineCallees: !scalar);
            program = program with { CheckpointEvery = checkpoint.Every };
            activity = new Activity(program, calls);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && HasError(diagnostics))
        {
            // A rejected construct can leave the rest of the body in a shape the later steps do not expect; what was
            // rejected is what the user must fix first.
            return Unlowered(method, syntax, operation, fencedCalls, diagnostics);
        }

        if (checkpoint.Every >= 0 && !program.Body.Descendants().Any(s => s is LLoop))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CheckpointWithoutLoop, checkpoint.Location, method.Name));
        }

        var name = LocationInfo.From(syntax.Identifier.GetLocation());
        var active = activity.ActiveCalls();
        calls = calls.Select((c, i) => c with { IsPassive = !active.Contains(i) }).ToEquatableArray();
        if (!scalar)
        {
            foreach (var id in OutputEntryReads.Find(program, calls.ToList()))
            {
                var parameter = method.Parameters[program.Vars[id].Parameter];
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.OutputReadBeforeWrite, LocationInfo.From(parameter.Locations.FirstOrDefault()), parameter.Name, method.Name));
            }

            ReportDroppedDerivatives(method, calls, callSites, activity.DroppedArguments(), diagnostics);
            // A callee's generated Pullback takes no seed for the spans it writes, and its Pushforward needs their tangent
            // spans: through such a call the caller's derivatives would be wrong or would not compile.
            foreach (var i in Enumerable.Range(0, calls.Length).Where(i => !calls[i].IsPassive && (calls[i].ReturnsVoid || calls[i].Parameters.Any(p => p.IsOutput))))
            {
                var call = calls[i];
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedArray, callSites[i], call.MethodName, method.Name, call.ReturnsVoid
                    ? "calls to methods that write span outputs are not differentiated inside another method; call them from plain code, or return a scalar"
                    : WrittenSpanParameter(call, method.Name)));
            }

            if (HasError(diagnostics))
            {
                return new LoweredMethod(null, diagnostics.ToEquatableArray(), calls, new MethodSites(string.Empty, name, callSites));
            }
        }

        var returnKind = KnownSymbols.KindOf(method.ReturnType)
            ?? method.Parameters.Where(p => SpanWrites.IsWritten(p, compilation)).Select(p => KnownSymbols.ShapeOf(p.Type).Kind).FirstOrDefault(k => KnownSymbols.IsReal(k));
        if (returnKind is null)
        {
            // A void method is a vector function only through the spans it writes.
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedReturnType, LocationInfo.From(syntax.ReturnType), method.Name, "void' and writes none of its Span<T> parameters, so it has no result; write the outputs or return a value ('void"));
            return new LoweredMethod(null, diagnostics.ToEquatableArray());
        }

        var model = new MethodModel(
            method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString(NamespaceFormat) : null,
            ContainingTypes(method.ContainingType),
            KnownSymbols.FullName(method.ContainingType),
            method.Name,
            KnownSymbols.AccessibilityKeyword(method.DeclaredAccessibility),
            returnKind.Value,
            GeneratedNames.Assign(method.Name, method.Parameters.Select(p => KnownSymbols.ToParamModel(p, compilation)).ToList()),
            scalar ? new ScalarBody(program) : program,
            calls,
            $"{Names.Identifier(method.Name)}({string.Join(", ", method.Parameters.Select(p => CrefType(p.Type)))})",
            syntax.SyntaxTree.FilePath);
        model = Declared(model, method, syntax, operation);
        var gpu = GpuMembers.Support(compilation);
        GeneratedMembers.CheckUserMembers(method, model, gpu, diagnostics);
        model = model with { Hides = GeneratedMembers.Hidden(method, model, gpu, compilation) };
        if (HasError(diagnostics))
        {
            return new LoweredMethod(null, diagnostics.ToEquatableArray(), model.Calls, new MethodSites(CallGraph.KeyOf(model), name, callSites));
        }

        if (scalar)
        {
            ReportDroppedDerivatives(method, model.Calls, callSites, activity.DroppedArguments(), diagnostics);
        }

        if (!activity.ResultIsActive)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConstantResult, name, method.Name));
        }

        return new LoweredMethod(model, diagnostics.ToEquatableArray(), model.Calls, new MethodSites(CallGraph.KeyOf(model), name, callSites));
    }

    /// <summary>
    /// SD0020 on a file-local containing type: its partial parts must all be in one file, and the generated ones cannot
    /// be, so nothing SymDiff generates could compile.
    /// </summary>
    private static void CheckFileLocal(IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal)
            {
                var declaration = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<BaseTypeDeclarationSyntax>().FirstOrDefault();
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.FileLocalType, LocationInfo.From(declaration?.Identifier.GetLocation() ?? type.Locations.FirstOrDefault()), type.Name, method.Name));
            }
        }
    }

    /// <summary>A namespace as a declaration names it: no <c>global::</c>, keywords escaped (<c>@class.Models</c>).</summary>
    /// <summary>A parameter type as a cref spells it: generics in braces, a two-dimensional array <c>double[,]</c> (displayed <c>double[*,*]</c>).</summary>
    private static string CrefType(ITypeSymbol type) =>
        KnownSymbols.Display(type).Replace('<', '{').Replace('>', '}');

    private static readonly SymbolDisplayFormat NamespaceFormat = SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    /// <summary>
    /// What the declarations around the generated members need: the namespace form the project's language version
    /// allows, the primal's <c>[Obsolete]</c> to repeat, and whether the body calls obsolete members.
    /// </summary>
    private static MethodModel Declared(MethodModel model, IMethodSymbol method, MethodDeclarationSyntax syntax, IOperation body) => model with
    {
        BlockNamespace = syntax.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp10 },
        Obsolete = ObsoleteAttribute(method),
        CallsObsolete = body.Descendants().Any(o => o is IInvocationOperation { TargetMethod: var target } && IsObsolete(target)),
        Batch = NamedArgument(method, "Batch"),
        Hessian = NamedArgument(method, "Hessian") == true,
        PushforwardN = NamedArgument(method, "PushforwardN") == true,
    };

    /// <summary>A bool named argument (<c>Batch</c>, <c>Hessian</c>, <c>PushforwardN</c>) of the method's <c>[Differentiable]</c>, when it is written.</summary>
    public static bool? NamedArgument(IMethodSymbol method, string name) =>
        method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownSymbols.DifferentiableAttribute)?
            .NamedArguments.Where(n => n.Key == name && n.Value.Value is bool).Select(n => (bool?)(bool)n.Value.Value!).FirstOrDefault();

    private static bool IsObsolete(ISymbol symbol)
    {
        for (var current = symbol; current is not null; current = current.ContainingType)
        {
            if (ObsoleteData(current) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static AttributeData? ObsoleteData(ISymbol symbol) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "System.ObsoleteAttribute");

    /// <summary>The method's <c>[Obsolete(…)]</c> rewritten with literal arguments, or null.</summary>
    private static string? ObsoleteAttribute(IMethodSymbol method)
    {
        if (ObsoleteData(method) is not { } obsolete)
        {
            return null;
        }

        var arguments = obsolete.ConstructorArguments.Select(a => Literal(a.Value))
            .Concat(obsolete.NamedArguments.Select(a => $"{a.Key} = {Literal(a.Value.Value)}"))
            .ToList();
        return arguments.Count == 0 ? "[global::System.Obsolete]" : $"[global::System.Obsolete({string.Join(", ", arguments)})]";

        static string Literal(object? value) => value switch
        {
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            bool flag => flag ? "true" : "false",
            _ => "null",
        };
    }

    /// <summary>SD0025 where a derivative flows into a callee's <c>[NoDerivative]</c> parameter and silently stops.</summary>
    private static void ReportDroppedDerivatives(
        IMethodSymbol method, EquatableArray<CallModel> calls, EquatableArray<LocationInfo> callSites, List<(int Call, int Parameter)> dropped, List<DiagnosticInfo> diagnostics)
    {
        foreach (var (call, parameter) in dropped.Distinct())
        {
            var callee = calls[call];
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.DerivativeDropped, callSites[call], method.Name, callee.MethodName, callee.Parameters[parameter].Name.TrimStart('@')));
        }
    }

    /// <summary>What to write instead of a call to a method that returns a scalar and writes a span parameter.</summary>
    private static string WrittenSpanParameter(CallModel call, string caller)
    {
        var written = call.Parameters.Where(p => p.IsOutput).ToList();
        var names = string.Join(", ", written.Select(p => $"'{p.Name}'"));
        var element = written[0].Kind is { } kind ? Model.Names.TypeKeyword(kind) : "T";
        var (s, a) = written.Count == 1 ? ("", "a ") : ("s", "");
        return $"'{call.MethodName}' writes its span parameter{s} {names}, and the derivatives of '{caller}' cannot flow through that write; "
            + $"fill the span{s} in '{caller}' itself (move the loop that writes {names} out of '{call.MethodName}'), or, if '{caller}' needs only "
            + $"the returned value, make {names} {a}local buffer{s} of '{call.MethodName}' (stackalloc {element}[n]) instead of {a}parameter{s}";
    }

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
                ? Names.Identifier(current.Name)
                : $"{Names.Identifier(current.Name)}<{string.Join(", ", current.TypeParameters.Select(t => Names.Identifier(t.Name)))}>";
            types.Insert(0, new TypeDeclModel(keyword, name, current.IsStatic));
        }

        return types.ToEquatableArray();
    }
}
