using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Static local functions, inlined at each call: the arguments are evaluated in order into the parameters (a span
/// parameter names the caller's span), the body is lowered in place with its own result and return flag, and the call
/// is its result. Differentiated like any code of the method, so nothing is generated for them; a function calling
/// another inlines that one too (the fence rejects a function calling itself, and a cycle through several is SD0005).
/// </summary>
internal sealed partial class LoopLowerer
{
    private Dictionary<IMethodSymbol, ILocalFunctionOperation> _localFunctions = new(SymbolEqualityComparer.Default);

    private readonly HashSet<IMethodSymbol> _inlining = new(SymbolEqualityComparer.Default);

    private LExpr? Inline(IInvocationOperation invocation, bool discard)
    {
        var symbol = invocation.TargetMethod.OriginalDefinition;
        var kind = KnownSymbols.KindOf(symbol.ReturnType);
        if (!_localFunctions.TryGetValue(symbol, out var function) || function.Body is null || !_inlining.Add(symbol))
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, invocation.Syntax, invocation.Syntax.ToString(),
                $"local function '{symbol.Name}' calls itself through another; recursion is not differentiated");
            return discard || kind is null ? null : new LConst(kind.Value, 0);
        }

        try
        {
            foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
            {
                var parameter = argument.Parameter!;
                var shape = KnownSymbols.ShapeOf(parameter.Type);
                if (shape.IsArray)
                {
                    if (WholeArray(argument.Value) is not { } array)
                    {
                        Report(DiagnosticDescriptors.UnsupportedArray, argument.Syntax, argument.Syntax.ToString(),
                            "a span argument must be a whole span or array parameter or local buffer");
                        array = Rejected(parameter.Type);
                    }

                    _symbols[parameter] = array;
                    continue;
                }

                var variable = NewVar(parameter.Name, shape.Kind!.Value, false, VarOrigin.Local, -1, false, false);
                _output.Add(new LAssign(variable, Value(argument.Value, shape.Kind.Value)));
                _symbols[parameter] = variable;
            }

            var around = (_result, _return, _returnKind, _break, _continue, _switchExit, _switchRest);
            _returnKind = kind ?? ScalarKind.Double;
            _result = kind is null ? -1 : NewTemp(Char.ToLowerInvariant(symbol.Name[0]) + symbol.Name.Substring(1), kind.Value);
            (_return, _break, _continue, _switchExit, _switchRest) = (null, null, null, null, null);
            var result = _result;
            try
            {
                var start = _output.Count;
                Block(function.Body.Operations.ToList(), _output, topLevel: true);
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
            _inlining.Remove(symbol);
        }
    }
}
