using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Static local functions, which <see cref="LoopLowerer"/> inlines at each call: their parameters are scalars (by value,
/// <c>ref</c>, <c>out</c> or <c>in</c>) or spans, they return a scalar or nothing, and their bodies are checked like the
/// method's. A local function that is not static (it could capture), takes a span by reference, or calls itself is
/// SD0005 on it.
/// </summary>
internal sealed partial class Fence
{
    private void LocalFunction(ILocalFunctionOperation function)
    {
        var symbol = function.Symbol;
        var why = !symbol.IsStatic ? "it is not static; make it 'static' (SymDiff inlines static local functions, which capture nothing)"
            : symbol.IsGenericMethod ? "it is generic"
            : symbol.Parameters.Any(p => p.RefKind != RefKind.None && KnownSymbols.ShapeOf(p.Type).IsArray) ? "it takes a span by reference; pass the span itself"
            : symbol.Parameters.Any(p => KnownSymbols.ShapeOf(p.Type).Kind is null) ? "its parameters must be double, float, int or bool, or spans of them"
            : !symbol.ReturnsVoid && KnownSymbols.KindOf(symbol.ReturnType) is null ? "it must return double, float, int or bool, or nothing"
            : function.Descendants().OfType<IInvocationOperation>().Any(i => SymbolEqualityComparer.Default.Equals(i.TargetMethod, symbol)) ? "it calls itself"
            : null;
        if (why is not null)
        {
            Reject(DiagnosticDescriptors.UnsupportedStatement, function.Syntax.GetFirstToken(), "local function", $"local function '{symbol.Name}' is not differentiated: {why}");
            return;
        }

        if (function.Body is { } body)
        {
            Statement(body);
        }
    }
}
