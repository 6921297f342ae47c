using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Views of spans and arrays: <c>x.Slice(k, n)</c>, <c>x[a..b]</c>, <c>a.AsSpan(k, n)</c>, a local naming a whole span
/// (<c>ReadOnlySpan&lt;double&gt; t = x</c>), and <c>x[^1]</c>. A view is its underlying variable with an offset and a
/// length, taken where the view is made (held in temporaries, so later assignments do not move it): an element of the
/// view is an element of the variable, its <c>Length</c> the length, and a write through a <c>Span</c> view of a
/// writable buffer writes the buffer. A range of an array (<c>a[1..3]</c>) is a copy in C#: read like a view, and
/// written nowhere (SD0016). The derivatives do not check a view's bounds again (the primal does, when it runs).
/// </summary>
internal sealed partial class LoopLowerer
{
    /// <summary>A view: elements <c>Offset … Offset + Length − 1</c> of array variable <c>Base</c>.</summary>
    private sealed record View(int Base, LExpr Offset, LExpr Length, bool IsCopy);

    private readonly Dictionary<ISymbol, View> _views = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// The view <paramref name="operation"/> denotes: a whole span or array variable, a view local, or a slice or range
    /// of one of those; null for anything else.
    /// </summary>
    private View? ViewOf(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        switch (operation)
        {
            case ILocalReferenceOperation { Local: var local } when _views.TryGetValue(local, out var view):
                return view;
            case IParameterReferenceOperation { Parameter: var parameter } when _views.TryGetValue(parameter, out var view):
                // A span parameter of an inlined function or helper, bound to a view at the call.
                return view;
            case IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance, Arguments: var arguments } when ViewOf(instance) is { } whole:
                return Slice(whole, arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList());
            case IInvocationOperation { TargetMethod: { Name: "AsSpan", IsExtensionMethod: true }, Arguments: { Length: >= 1 } arguments }
                when arguments[0].Value.Type is IArrayTypeSymbol && ViewOf(arguments[0].Value) is { } whole:
                return Slice(whole, arguments.Skip(1).OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList());
            case IImplicitIndexerReferenceOperation { Instance: var instance, Argument: IRangeOperation range } when ViewOf(instance) is { } whole:
                return Range(whole, range);
            case IArrayElementReferenceOperation { ArrayReference: var array, Indices: { Length: 1 } indices } when indices[0] is IRangeOperation range && ViewOf(array) is { } whole:
                return Range(whole, range) with { IsCopy = true };
        }

        return ArrayVar(operation) is { } variable ? new View(variable, new LConst(ScalarKind.Int, 0), new LLength(variable), IsCopy: false) : null;
    }

    /// <summary><c>Slice(start)</c> or <c>Slice(start, length)</c> of <paramref name="view"/>.</summary>
    private View Slice(View view, IReadOnlyList<IOperation> arguments)
    {
        var start = Hold(Value(arguments[0], ScalarKind.Int));
        var length = arguments.Count > 1 ? Hold(Value(arguments[1], ScalarKind.Int)) : Apply(ScalarKind.Int, Op.Sub, view.Length, start);
        return view with { Offset = Shift(view.Offset, start), Length = length };
    }

    /// <summary><c>[a..b]</c> of <paramref name="view"/>, either end left out or counted from the end (<c>^k</c>).</summary>
    private View Range(View view, IRangeOperation range)
    {
        var start = range.LeftOperand is null ? new LConst(ScalarKind.Int, 0) : Hold(Endpoint(range.LeftOperand, view));
        var end = range.RightOperand is null ? view.Length : Hold(Endpoint(range.RightOperand, view));
        return view with { Offset = Shift(view.Offset, start), Length = Apply(ScalarKind.Int, Op.Sub, end, start) };
    }

    /// <summary>An index or range end: <c>k</c>, or <c>^k</c> counted from the end of <paramref name="view"/>.</summary>
    private LExpr Endpoint(IOperation index, View view)
    {
        while (index is IConversionOperation conversion)
        {
            index = conversion.Operand;
        }

        return index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat, Operand: var fromEnd }
            ? Apply(ScalarKind.Int, Op.Sub, view.Length, Value(fromEnd, ScalarKind.Int))
            : Value(index, ScalarKind.Int);
    }

    /// <summary>Element <paramref name="index"/> of <paramref name="view"/>, as an element of its variable.</summary>
    private LElement ElementOf(View view, LExpr index) => new(_vars[view.Base].Type, view.Base, Shift(view.Offset, index));

    private static LExpr Shift(LExpr offset, LExpr index) =>
        offset is LConst { Value: 0 } ? index : index is LConst { Value: 0 } ? offset : Apply(ScalarKind.Int, Op.Add, offset, index);

    /// <summary>
    /// <c>span.Fill(v)</c> and <c>span.Clear()</c> on a writable span, buffer or view of one: a counted loop storing
    /// <c>v</c> (taken once, before the loop) or 0 into every element. True when <paramref name="invocation"/> is one.
    /// </summary>
    private bool FillOrClear(IInvocationOperation invocation)
    {
        if (invocation is not { TargetMethod.Name: "Fill" or "Clear", Instance: { } instance } || !KnownSymbols.IsArrayLike(instance.Type) || ViewOf(instance) is not { } view)
        {
            return false;
        }

        var kind = _vars[view.Base].Type;
        LExpr value = invocation.Arguments.Length == 1 ? Hold(Value(invocation.Arguments[0].Value, kind)) : new LConst(kind, 0);
        if (!_vars[view.Base].IsOutput)
        {
            Report(DiagnosticDescriptors.WriteToInput, invocation.Syntax, InputName(view.Base));
            return true;
        }

        var index = NewTemp("k", ScalarKind.Int);
        var element = ElementOf(view, new LRead(ScalarKind.Int, index));
        var store = new LStore(element.Var, element.Index, value);
        var condition = Apply(ScalarKind.Bool, Op.Lt, new LRead(ScalarKind.Int, index), view.Length);
        _output.Add(new LLoop(condition, new LStmt[] { store }.ToEquatableArray(), EquatableArray<LStmt>.Empty, true, new LCounter(index, new LConst(ScalarKind.Int, 0), 1)));
        return true;
    }

    /// <summary>A local declared as a view (<c>ReadOnlySpan&lt;double&gt; w = x.Slice(1)</c>): true when it is one.</summary>
    private bool DeclareView(ILocalSymbol local, IOperation? initializer)
    {
        if (initializer is null || BufferInitializer.Elements(initializer) is not null || ViewOf(initializer) is not { } view)
        {
            return false;
        }

        _views[local] = view;
        return true;
    }

    /// <summary>The name of the array copy (<c>double[] w = a[1..3]</c>) an element target writes to, or null.</summary>
    private string? CopyWrittenThrough(IOperation target)
    {
        var instance = target switch
        {
            IArrayElementReferenceOperation a => a.ArrayReference,
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } i } => i,
            IImplicitIndexerReferenceOperation i => i.Instance,
            _ => null,
        };
        while (instance is IConversionOperation conversion)
        {
            instance = conversion.Operand;
        }

        return instance is ILocalReferenceOperation { Local: var local } && _views.TryGetValue(local, out var view) && view.IsCopy ? local.Name : null;
    }
}
