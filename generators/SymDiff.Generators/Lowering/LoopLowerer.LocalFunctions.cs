using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Static local functions and helper methods (<see cref="InlinedHelpers"/>), inlined at each call: the arguments are
/// evaluated in order into the parameters (a span parameter names the caller's span; a <c>ref</c>/<c>out</c>
/// parameter aliases the caller's variable or element, its index taken at the call, as C# takes it; an <c>in</c> one
/// is its argument's value), the body is
/// lowered in place with its own result and return flag, and the call is its result. Differentiated like any code of
/// the method, so nothing is generated for them; a function calling another inlines that one too (a function calling
/// itself, directly or through others, is rejected).
/// </summary>
internal sealed partial class LoopLowerer
{
    private Dictionary<IMethodSymbol, ILocalFunctionOperation> _localFunctions = new(SymbolEqualityComparer.Default);

    private readonly HashSet<IMethodSymbol> _inlining = new(SymbolEqualityComparer.Default);

    /// <summary>While a helper method's body is lowered: the call in this method that inlines it, where problems are reported.</summary>
    private SyntaxNode? _inlinedAt;

    private LExpr? Inline(IInvocationOperation invocation, bool discard)
    {
        var symbol = invocation.TargetMethod.OriginalDefinition;
        var kind = KnownSymbols.KindOf(symbol.ReturnType);
        var isHelper = symbol.MethodKind != MethodKind.LocalFunction;
        var body = isHelper ? InlinedHelpers.Body(symbol, _compilation) : _localFunctions.TryGetValue(symbol, out var function) ? function.Body : null;
        if (body is null || _inlining.Contains(symbol))
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, invocation.Syntax, invocation.Syntax.ToString(),
                $"{(isHelper ? "method" : "local function")} '{symbol.Name}' calls itself{(isHelper ? string.Empty : " through another")}; recursion is not differentiated");
            return discard || kind is null ? null : new LConst(kind.Value, 0);
        }

        var site = _inlinedAt;
        _inlinedAt ??= isHelper ? invocation.Syntax : null;
        var inlining = false;
        try
        {
            // Every argument is evaluated before any parameter is bound: an argument may call the same function
            // (Sq(Sq(x)), F(a, F(b, c))), whose inlining binds the same parameters to its own arguments.
            var bindings = new List<(IParameterSymbol Parameter, int? Variable, View? View, LExpr? Alias)>();
            foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
            {
                var parameter = argument.Parameter!;
                var shape = KnownSymbols.ShapeOf(parameter.Type);
                if (shape.IsArray)
                {
                    // A whole span names the caller's variable; a view (a slice, a range, a view local) is bound as a
                    // view, its offset and length taken now, and the body reads and writes its elements as the viewed
                    // variable's. A binding of an earlier call of the same function is dropped.
                    if (WholeArray(argument.Value) is { } array)
                    {
                        bindings.Add((parameter, array, null, null));
                    }
                    else if (ViewOf(argument.Value) is { } view)
                    {
                        bindings.Add((parameter, null, view, null));
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.UnsupportedArray, argument.Syntax, argument.Syntax.ToString(),
                            "a span argument must be a span or array parameter, a local buffer or a view of one");
                        bindings.Add((parameter, Rejected(parameter.Type), null, null));
                    }

                    continue;
                }

                // An in (ref readonly) parameter the helper cannot write is its argument's value, as for a value parameter.
                if (parameter.RefKind is RefKind.Ref or RefKind.Out)
                {
                    bindings.Add((parameter, null, null, Alias(argument.Value, shape.Kind!.Value)));
                    continue;
                }

                var variable = NewVar(parameter.Name, shape.Kind!.Value, false, VarOrigin.Local, -1, false, false);
                _output.Add(new LAssign(variable, Value(argument.Value, shape.Kind.Value)));
                bindings.Add((parameter, variable, null, null));
            }

            foreach (var (parameter, variable, view, alias) in bindings)
            {
                _views.Remove(parameter);
                _symbols.Remove(parameter);
                _aliases.Remove(parameter);
                if (alias is not null)
                {
                    _aliases[parameter] = alias;
                }
                else if (view is not null)
                {
                    _views[parameter] = view;
                }
                else
                {
                    _symbols[parameter] = variable!.Value;
                }
            }

            _inlining.Add(symbol);
            inlining = true;
            var around = (_result, _return, _returnKind, _break, _continue, _switchExit, _switchRest);
            _returnKind = kind ?? ScalarKind.Double;
            _result = kind is null ? -1 : NewTemp(Char.ToLowerInvariant(symbol.Name[0]) + symbol.Name.Substring(1), kind.Value);
            (_return, _break, _continue, _switchExit, _switchRest) = (null, null, null, null, null);
            var result = _result;
            try
            {
                var start = _output.Count;
                Block(body.Operations.ToList(), _output, topLevel: true);
                if (_return is { } flag)
                {
                    _output.Insert(start, new LAssign(flag, new LConst(ScalarKind.Bool, 0)));
                }
            }
            finally
            {
                (_result, _return, _returnKind, _break, _continue, _switchExit, _switchRest) = around;
            }

            return discard || kind is null ? null : new LRead(kind.Value, result);
        }
        finally
        {
            if (inlining)
            {
                _inlining.Remove(symbol);
            }

            _inlinedAt = site;
        }
    }

    /// <summary>
    /// What a by-reference argument aliases: the element it names (its index held now), the variable it names, the
    /// local an <c>out var t</c> declares, or a temporary for <c>out _</c>.
    /// </summary>
    private LExpr Alias(IOperation argument, ScalarKind kind)
    {
        if (argument is IDiscardOperation)
        {
            // out _: a temporary nothing reads.
            var discarded = NewTemp("discarded", kind);
            return new LRead(kind, discarded);
        }

        if (argument is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation { Local: var declared } })
        {
            var local = NewVar(declared.Name, KnownSymbols.KindOf(declared.Type) ?? kind, false, VarOrigin.Local, -1, false, false);
            _symbols[declared] = local;
            return new LRead(_vars[local].Type, local);
        }

        return Element(argument) is { } element ? element with { Index = Hold(element.Index) } : RawValue(argument);
    }
}
