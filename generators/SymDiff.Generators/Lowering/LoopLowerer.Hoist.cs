using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Buffers declared inside loops (a scratch buffer per iteration): one buffer for the whole call is allocated before
/// the outermost loop, and the declaration inside the loop starts the iteration's buffer afresh, as C# gives a new
/// one: zeroed for <c>new T[n]</c> and <c>stackalloc T[n]</c>, or its listed elements stored. The length is evaluated
/// before the loop, so it may not read what the loop assigns (SD0016 otherwise).
/// </summary>
internal sealed partial class LoopLowerer
{
    /// <summary>Where the buffers of the outermost loop being lowered are allocated: the list it goes into and the index before it.</summary>
    private (List<LStmt> Into, int At)? _hoist;

    /// <summary>The buffers hoisted out of the outermost loop being lowered: their variable, length and declaration.</summary>
    private readonly List<(int Array, LExpr Length, SyntaxNode Declaration)> _hoisted = new();

    /// <summary>Lowers the outermost loop <paramref name="lower"/> lowers, hoisting the buffers declared inside it.</summary>
    private void Outermost(Action lower)
    {
        _hoist = (_output, _output.Count);
        _hoisted.Clear();
        try
        {
            lower();
            var (into, at) = _hoist.Value;
            var assigned = into.Skip(at).AssignedVariables();
            foreach (var (array, length, declaration) in _hoisted)
            {
                if (length.Reads().Concat(length.Descendants().OfType<LLength>().Select(l => l.Var)).Any(assigned.Contains))
                {
                    Report(DiagnosticDescriptors.UnsupportedArray, declaration, _vars[array].Name,
                        "a buffer declared in a loop is allocated once, before the loop, so its length cannot read what the loop assigns; declare it before the loop with the largest length the loop needs");
                }
            }

            into.InsertRange(at, _hoisted.Select(h => (LStmt)new LAllocate(h.Array, h.Length)));
        }
        finally
        {
            _hoist = null;
            _hoisted.Clear();
        }
    }

    /// <summary>
    /// A buffer declared inside a loop: allocated before the outermost loop (its length lowered here must be a plain
    /// expression), and started afresh where it is declared: every element zeroed, or the listed ones stored.
    /// </summary>
    private void HoistBuffer(int array, ScalarKind kind, IOperation? length, IReadOnlyList<IOperation>? elements, SyntaxNode declaration)
    {
        LExpr size;
        if (elements is not null)
        {
            size = new LConst(ScalarKind.Int, elements.Count);
        }
        else if (new[] { length! }.Concat(length!.Descendants()).Any(o =>
            o is IInvocationOperation call && KnownSymbols.MathOp(call.TargetMethod) is null && MatrixBounds.Of(call) is null || o is IConditionalOperation or ISwitchExpressionOperation || IsEffect(o)))
        {
            Report(DiagnosticDescriptors.UnsupportedArray, declaration, _vars[array].Name,
                "the length of a buffer declared in a loop is evaluated before the loop, so it cannot call methods, use ?: or assign");
            size = new LConst(ScalarKind.Int, 1);
        }
        else
        {
            size = Value(length!, ScalarKind.Int);
        }

        _hoisted.Add((array, size, declaration));
        if (elements is not null)
        {
            for (var k = 0; k < elements.Count; k++)
            {
                _output.Add(new LStore(array, new LConst(ScalarKind.Int, k), Value(elements[k], kind)));
            }

            return;
        }

        // for (int reset = 0; reset < array.Length; reset++) array[reset] = 0;
        var reset = NewTemp("reset", ScalarKind.Int);
        var index = new LRead(ScalarKind.Int, reset);
        _output.Add(new LLoop(
            new LApply(ScalarKind.Bool, Op.Lt, new LExpr[] { index, new LLength(array) }.ToEquatableArray()),
            new LStmt[] { new LStore(array, index, new LConst(kind, 0)) }.ToEquatableArray(),
            EquatableArray<LStmt>.Empty,
            TestFirst: true,
            new LCounter(reset, new LConst(ScalarKind.Int, 0), 1)));
    }
}
