using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Rejects what SymDiff cannot differentiate that can be seen on the <c>IOperation</c> tree alone, before any
/// lowering: one diagnostic per unsupported node, on that node, saying what is unsupported and what to do instead.
/// </summary>
/// <remarks>
/// The fence is the first check, not the only one. What needs more than one node to decide is rejected later, each
/// where the facts are known: nesting too deep for the compiler's stack (<see cref="NestingGuard"/>, first of all),
/// collection parameters (<see cref="CollectionParameters"/>), the loop path's constructs and aliasing
/// (<see cref="LoopLowerer"/>), calls whose derivatives drop or whose callees write spans, a constant result and
/// <c>[Checkpoint]</c> without a loop (<see cref="MethodModelBuilder"/>), generated members that collide with the
/// user's (<see cref="GeneratedMembers"/>), calls without any derivative (<see cref="CallResolver"/>), and custom
/// derivatives with the wrong shape (<see cref="CustomDerivativeBuilder"/>).
/// </remarks>
internal sealed partial class Fence
{
    private readonly IMethodSymbol _method;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly HashSet<IParameterSymbol> _collections = new(SymbolEqualityComparer.Default);
    private readonly List<IInvocationOperation> _calls = new();

    /// <summary>Whether the body inlines its small <c>[Differentiable]</c> callees (<see cref="InlinedCallees"/>).</summary>
    private bool _inlineCallees;

    /// <summary>Inlined helpers whose bodies were checked (<see cref="InlinedCall"/>).</summary>
    private readonly HashSet<IMethodSymbol> _checkedHelpers = new(SymbolEqualityComparer.Default);

    /// <summary>While a helper's body is checked: the call in the method that inlines it, where its problems are reported, and the helper.</summary>
    private (SyntaxNode Site, IMethodSymbol Helper)? _inlining;

    /// <summary>Locals that hold a lambda or method group, already reported where it is written; their uses are the same problem.</summary>
    private readonly HashSet<ILocalSymbol> _delegates = new(SymbolEqualityComparer.Default);

    private Fence(IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        _method = method;
        _diagnostics = diagnostics;
    }

    /// <summary>Checks the method's declaration: static, partial containers, signature.</summary>
    public static void CheckSignature(IMethodSymbol method, MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.ContainingTypeNotPartial, LocationInfo.From(declaration.Identifier.GetLocation()), type.Name, method.Name));
                }
            }
        }

        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotStatic, LocationInfo.From(syntax.Identifier.GetLocation()), method.Name));
        }

        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, LocationInfo.From(syntax.TypeParameterList), method.Name));
        }

        // A generic method is one problem (SD0012): a return or parameter type T is part of it, not a problem of its own.
        var vectorValued = method.ReturnsVoid && method.Parameters.Any(p => p.RefKind == RefKind.None && KnownSymbols.ShapeOf(p.Type) is { IsArray: true, IsWritable: true } shape && KnownSymbols.IsReal(shape.Kind));
        if (!vectorValued && !MentionsTypeParameter(method.ReturnType) && (!KnownSymbols.IsReal(KnownSymbols.KindOf(method.ReturnType)) || method.ReturnsByRef || method.ReturnsByRefReadonly))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedReturnType, LocationInfo.From(syntax.ReturnType), method.Name, method.ReturnType.ToDisplayString()));
        }

        foreach (var parameter in method.Parameters)
        {
            var location = LocationInfo.From(parameter.Locations.FirstOrDefault());
            if (parameter.RefKind is RefKind.In or RefKind.RefReadOnlyParameter)
            {
                var keyword = parameter.RefKind == RefKind.In ? "in" : "ref readonly";
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedParameter, location, parameter.Name, method.Name,
                    $"'{keyword}' parameters are not supported; remove '{keyword}' and take the value itself (a number or a span is as cheap to pass by value, and callers' code stays the same)"));
            }
            else if (parameter.RefKind != RefKind.None)
            {
                var keyword = parameter.RefKind == RefKind.Out ? "out" : "ref";
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedParameter, location, parameter.Name, method.Name,
                    $"'{keyword}' parameters are not supported; pass the value in and return results instead (a helper with ref or out parameters needs no [Differentiable]: a differentiable method that calls it inlines it)"));
            }
            else if (parameter.IsParams)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedParameter, location, parameter.Name, method.Name,
                    "'params' parameters are not supported; remove 'params' and take the array or span itself (callers then pass one: new[] { a, b } or [a, b])"));
            }
        }

        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingBody, LocationInfo.From(syntax.Identifier.GetLocation()), method.Name));
        }
    }

    /// <summary>
    /// Checks every statement and expression of the body. Returns the calls it let through (to methods, not math), whose
    /// derivatives are looked for once the registry of custom derivatives is known.
    /// </summary>
    /// <param name="inlineCallees">Whether the body inlines its small <c>[Differentiable]</c> callees (<see cref="InlinedCallees"/>: a body with loops or spans).</param>
    public static IReadOnlyList<IInvocationOperation> CheckBody(IMethodSymbol method, IOperation body, List<DiagnosticInfo> diagnostics, bool inlineCallees)
    {
        var fence = new Fence(method, diagnostics) { _inlineCallees = inlineCallees };
        fence.Statement(body);
        return fence._calls;
    }

    /// <summary>Checks one expression (the <c>Tangent</c> element a custom pushforward returns, <see cref="CustomTangents"/>).</summary>
    public static void CheckExpression(IMethodSymbol method, IOperation expression, List<DiagnosticInfo> diagnostics) =>
        new Fence(method, diagnostics).Expression(expression);

    private void Statement(IOperation operation)
    {
        NestingGuard.EnsureStack();
        switch (operation)
        {
            case IBlockOperation block:
                foreach (var statement in block.Operations)
                {
                    Statement(statement);
                }

                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declarator in group.Declarations.SelectMany(d => d.Declarators))
                {
                    var shape = KnownSymbols.ShapeOf(declarator.Symbol.Type);
                    if (IsFunction(declarator.GetVariableInitializer()?.Value))
                    {
                        // Func<double, double> f = v => v * k: the lambda is reported; the local and its calls f(x) are the same problem.
                        _delegates.Add(declarator.Symbol);
                    }
                    else if (declarator.Symbol.RefKind != RefKind.None && !shape.IsArray && shape.Kind is not null)
                    {
                        RefLocal(declarator);
                        continue;
                    }
                    else if (KnownSymbols.IsMatrix(declarator.Symbol.Type))
                    {
                        Reject(DiagnosticDescriptors.UnsupportedStatement, declarator.Syntax, "local declaration",
                            $"local '{declarator.Symbol.Name}' is a two-dimensional array; only parameters may be two-dimensional. Declare a buffer of rows * columns elements (Span<double> b = new double[rows * columns]) and index it b[i * columns + j]");
                        continue;
                    }
                    else if ((shape.Kind is null || declarator.Symbol.RefKind != RefKind.None) && !MentionsTypeParameter(declarator.Symbol.Type))
                    {
                        Reject(DiagnosticDescriptors.UnsupportedStatement, declarator.Syntax, "local declaration",
                            $"local '{declarator.Symbol.Name}' has type '{declarator.Symbol.Type.ToDisplayString()}'; locals must be double, float, int or bool, or a buffer of them (Span<double> b = new double[n] or stackalloc double[n])");
                    }

                    if (declarator.GetVariableInitializer() is { } initializer)
                    {
                        if (shape.IsArray)
                        {
                            Buffer(initializer.Value);
                        }
                        else
                        {
                            Expression(initializer.Value);
                        }
                    }
                }

                break;
            case IExpressionStatementOperation { Operation: var expression }:
                SideEffect(expression);
                break;
            case IConditionalOperation conditional:
                Expression(conditional.Condition);
                Statement(conditional.WhenTrue);
                if (conditional.WhenFalse is not null)
                {
                    Statement(conditional.WhenFalse);
                }

                break;
            case IReturnOperation { ReturnedValue: { } value }:
                Expression(value);
                break;
            case IReturnOperation { ReturnedValue: null } when _inlining is { Helper.ReturnsVoid: true } || operation.Syntax.Ancestors().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax>().Any():
                // return; in a void local function (inlined: the end of its body, or a flag).
                break;
            case IEmptyOperation:
                break;
            case IForLoopOperation loop:
                foreach (var before in loop.Before)
                {
                    Statement(before);
                }

                if (loop.Condition is not null)
                {
                    Expression(loop.Condition);
                }

                foreach (var bottom in loop.AtLoopBottom)
                {
                    Statement(bottom);
                }

                Statement(loop.Body);
                break;
            case IWhileLoopOperation loop:
                if (loop.Condition is not null)
                {
                    Expression(loop.Condition);
                }

                Statement(loop.Body);
                break;
            case IForEachLoopOperation loop:
                // foreach over T[] converts the array to IEnumerable; the lowering reads the array itself.
                Expression(loop.Collection is IConversionOperation { IsImplicit: true, OperatorMethod: null, Operand: var array } && KnownSymbols.IsArrayLike(array.Type)
                    ? array
                    : loop.Collection);
                Statement(loop.Body);
                break;
            case ILoopOperation:
                Reject(DiagnosticDescriptors.UnsupportedStatement, LoopKeyword(operation.Syntax), "loop",
                    "only for, while, do and foreach loops are differentiated");
                break;
            case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue }:
                break;
            case ISwitchOperation @switch:
                Switch(@switch);
                break;
            case ILocalFunctionOperation function:
                LocalFunction(function);
                break;
            default:
                Reject(DiagnosticDescriptors.UnsupportedStatement, FirstToken(operation.Syntax), Describe(operation.Syntax),
                    "only local declarations, assignments (to locals and buffer elements), if/else, switch, for/while/do/foreach loops with break and continue, and return statements are differentiated");
                break;
        }
    }

    private void SideEffect(IOperation operation)
    {
        switch (operation)
        {
            case IDeconstructionAssignmentOperation deconstruction:
                Deconstruction(deconstruction);
                break;
            case ISimpleAssignmentOperation assignment when IsVariable(assignment.Target) && KnownSymbols.IsArrayLike(assignment.Target.Type):
                Reject(DiagnosticDescriptors.UnsupportedArray, assignment.Syntax, assignment.Target.Syntax.ToString(),
                    "a span or array variable cannot be reassigned; declare another buffer");
                break;
            case ISimpleAssignmentOperation assignment when IsVariable(assignment.Target) || IsElement(assignment.Target):
                Expression(assignment.Target);
                Expression(assignment.Value);
                break;
            case ICompoundAssignmentOperation compound when (IsVariable(compound.Target) || IsElement(compound.Target)) && IsArithmetic(compound.OperatorKind):
                Expression(compound.Target);
                Expression(compound.Value);
                break;
            case IIncrementOrDecrementOperation increment when IsVariable(increment.Target) || IsElement(increment.Target):
                Expression(increment.Target);
                break;
            case IInvocationOperation invocation when invocation.TargetMethod.ReturnsVoid:
                Invocation(invocation);
                break;
            default:
                Reject(DiagnosticDescriptors.UnsupportedStatement, operation.Syntax, "expression statement",
                    "only assignments to locals and parameters have an effect SymDiff can differentiate");
                break;
        }
    }

    private void Expression(IOperation operation)
    {
        NestingGuard.EnsureStack();
        if (operation.ConstantValue.HasValue && KnownSymbols.KindOf(operation.Type) is not null || ReadsCollection(operation)
            || OfTypeParameter(operation) || operation is ILocalReferenceOperation { Local: var local } && _delegates.Contains(local))
        {
            return;
        }

        switch (operation)
        {
            case ILocalReferenceOperation or IParameterReferenceOperation when KnownSymbols.ShapeOf(operation.Type).Kind is not null:
                break;
            case IInvocationOperation or IImplicitIndexerReferenceOperation or IArrayElementReferenceOperation when KnownSymbols.IsArrayLike(operation.Type):
                View(operation);
                break;

            case IArrayElementReferenceOperation { Indices.Length: 1 } element:
                Expression(element.ArrayReference);
                Expression(element.Indices[0]);
                break;
            case IArrayElementReferenceOperation { Indices.Length: 2 } cell when KnownSymbols.IsMatrix(cell.ArrayReference.Type):
                Expression(cell.ArrayReference);
                Expression(cell.Indices[0]);
                Expression(cell.Indices[1]);
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance, Arguments.Length: 1 } indexer when KnownSymbols.IsArrayLike(instance.Type):
                Expression(instance);
                Expression(indexer.Arguments[0].Value);
                break;
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } when KnownSymbols.IsArrayLike(instance.Type):
                Expression(instance);
                break;
            case IParenthesizedOperation parenthesized:
                Expression(parenthesized.Operand);
                break;
            case IConversionOperation conversion when conversion.OperatorMethod is null && KnownSymbols.IsArrayLike(conversion.Type):
                Expression(conversion.Operand);
                break;
            case IParameterReferenceOperation parameter:
                Reject(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, operation.Syntax.ToString(),
                    $"parameter '{parameter.Parameter.Name}' has type '{parameter.Type?.ToDisplayString()}', which SymDiff can pass along but not compute with");
                break;
            case IBinaryOperation binary when BinaryOp(binary.OperatorKind, binary.Type) is not null && binary.OperatorMethod is null:
                Expression(binary.LeftOperand);
                Expression(binary.RightOperand);
                break;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus or UnaryOperatorKind.Plus or UnaryOperatorKind.Not, OperatorMethod: null } unary:
                Expression(unary.Operand);
                break;
            case IConversionOperation conversion when conversion.OperatorMethod is null && KnownSymbols.KindOf(conversion.Type) is not null:
                Expression(conversion.Operand);
                break;
            case IConditionalOperation { WhenFalse: not null } conditional:
                Expression(conditional.Condition);
                Expression(conditional.WhenTrue);
                Expression(conditional.WhenFalse);
                break;
            case IInvocationOperation invocation:
                Invocation(invocation);
                break;
            case IFieldReferenceOperation { Field: var field }:
                // Static readonly data (a number, or a table of numbers read by element) is read as constants.
                if (KnownSymbols.StaticDataObstacle(field) is { } why)
                {
                    Reject(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, operation.Syntax.ToString(), why);
                }

                break;
            case IPropertyReferenceOperation:
                Reject(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, operation.Syntax.ToString(),
                    "differentiable code reads only its parameters, locals, constants and static readonly data; pass this value in as a [NoDerivative] parameter"
                    + (KnownSymbols.IsArrayLike(operation.Type) ? ", or declare a table of constants as a local (ReadOnlySpan<double> table = [0.5, 1.25, …];, constant data) or a static readonly array" : string.Empty));
                break;
            case IAnonymousFunctionOperation or IDelegateCreationOperation:
                Reject(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, operation.Syntax.ToString(),
                    "lambdas capture state SymDiff cannot follow; write a static [Differentiable] method instead");
                break;
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation:
                // Lowered in evaluation order (LoopLowerer.Effects): the same targets as in a statement of their own.
                SideEffect(operation);
                break;
            default:
                // Kept out of this method, which recurses once per level of a deep expression: its frame stays small.
                if (!Indexing(operation) && !SwitchExpression(operation))
                {
                    Reject(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, operation.Syntax.ToString(),
                        "only arithmetic, comparisons, logical operators, casts, ?:, switch expressions, Math/MathF functions and calls to differentiable methods are supported");
                }

                break;
        }
    }

    /// <summary>True when <paramref name="operation"/> reads a collection parameter, which is then reported once, on its type.</summary>
    private bool ReadsCollection(IOperation operation)
    {
        if (CollectionParameters.Read(operation) is not { } parameter)
        {
            return false;
        }

        if (_collections.Add(parameter))
        {
            _diagnostics.Add(CollectionParameters.Reject(parameter, _method));
        }

        return true;
    }

    /// <summary>A lambda or method group, as a local's initializer holds it (through the conversion to the delegate type).</summary>
    private static bool IsFunction(IOperation? value)
    {
        while (value is IConversionOperation { OperatorMethod: null } conversion)
        {
            value = conversion.Operand;
        }

        return value is IAnonymousFunctionOperation or IDelegateCreationOperation;
    }

    /// <summary>
    /// True for a value of a generic method's type <c>T</c> or a call instantiated with it (<c>double.CreateChecked(t)</c>):
    /// part of the method being generic (SD0012), not a problem of its own.
    /// </summary>
    private static bool OfTypeParameter(IOperation operation) =>
        MentionsTypeParameter(operation.Type) || operation is IInvocationOperation { TargetMethod.TypeArguments: var arguments } && arguments.Any(MentionsTypeParameter);

    /// <summary>True for a method's type parameter <c>T</c> and types built from one (<c>T[]</c>, <c>Span&lt;T&gt;</c>).</summary>
    private static bool MentionsTypeParameter(ITypeSymbol? type) => type switch
    {
        ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } => true,
        IArrayTypeSymbol array => MentionsTypeParameter(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(MentionsTypeParameter),
        _ => false,
    };

    private void Reject(DiagnosticDescriptor descriptor, SyntaxNodeOrToken node, string what, string why) =>
        _diagnostics.Add(DiagnosticInfo.Create(
            descriptor, Where(node), what, _method.Name, _inlining is { Helper: var helper } ? $"{why} (in '{helper.Name}', which SymDiff inlines at this call)" : why));

    /// <summary>Where a problem at <paramref name="node"/> is reported: there, or at the call that inlines the helper it is in.</summary>
    private LocationInfo? Where(SyntaxNodeOrToken node) =>
        _inlining is { Site: var site } ? LocationInfo.From(site.GetLocation()) : LocationInfo.From(node.GetLocation());

    private static SyntaxNodeOrToken FirstToken(SyntaxNode node) => node.GetFirstToken();

    private static SyntaxNodeOrToken LoopKeyword(SyntaxNode node) => node switch
    {
        ForStatementSyntax s => s.ForKeyword,
        WhileStatementSyntax s => s.WhileKeyword,
        DoStatementSyntax s => s.DoKeyword,
        CommonForEachStatementSyntax s => s.ForEachKeyword,
        _ => node.GetFirstToken(),
    };

    private static string Describe(SyntaxNode node)
    {
        var first = node.GetFirstToken();
        return SyntaxFacts.IsKeywordKind(first.Kind()) ? $"'{first.Text}' statement" : "statement";
    }

    private static bool IsVariable(IOperation target) => target is ILocalReferenceOperation or IParameterReferenceOperation;

    private static bool IsElement(IOperation target) =>
        target is IArrayElementReferenceOperation
        || target is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } && KnownSymbols.IsArrayLike(instance.Type)
        || target is IImplicitIndexerReferenceOperation { Argument: not IRangeOperation, Instance: var indexed } && KnownSymbols.IsArrayLike(indexed.Type);

    /// <summary>A local buffer's initializer: <c>new T[n]</c>, <c>stackalloc T[n]</c> or a list of elements (what else it may be, lowering reports).</summary>
    private void Buffer(IOperation initializer)
    {
        if (BufferInitializer.Elements(initializer) is { } elements)
        {
            foreach (var element in elements)
            {
                if (element is ISpreadOperation)
                {
                    Reject(DiagnosticDescriptors.UnsupportedArray, element.Syntax, element.Syntax.ToString(),
                        "a spread copies another collection, which SymDiff does not follow; list the elements, or copy them in a loop");
                }
                else
                {
                    Expression(element);
                }
            }

            return;
        }

        var operation = initializer;
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        if (operation is IArrayCreationOperation creation)
        {
            foreach (var size in creation.DimensionSizes)
            {
                Expression(size);
            }
        }
        else if (operation.Syntax is not StackAllocArrayCreationExpressionSyntax)
        {
            Expression(initializer);
        }
    }

    private static bool IsArithmetic(BinaryOperatorKind kind) =>
        kind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder;

    /// <summary>The IR operation of a C# binary operator, or null when unsupported.</summary>
    public static Op? BinaryOp(BinaryOperatorKind kind, ITypeSymbol? resultType) => kind switch
    {
        BinaryOperatorKind.And or BinaryOperatorKind.Or when resultType?.SpecialType != SpecialType.System_Boolean => null,
        BinaryOperatorKind.Add => Op.Add,
        BinaryOperatorKind.Subtract => Op.Sub,
        BinaryOperatorKind.Multiply => Op.Mul,
        BinaryOperatorKind.Divide => Op.Div,
        BinaryOperatorKind.Remainder => Op.Rem,
        BinaryOperatorKind.LessThan => Op.Lt,
        BinaryOperatorKind.LessThanOrEqual => Op.Le,
        BinaryOperatorKind.GreaterThan => Op.Gt,
        BinaryOperatorKind.GreaterThanOrEqual => Op.Ge,
        BinaryOperatorKind.Equals => Op.Eq,
        BinaryOperatorKind.NotEquals => Op.Ne,
        BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And => Op.And,
        BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or => Op.Or,
        _ => null,
    };
}
