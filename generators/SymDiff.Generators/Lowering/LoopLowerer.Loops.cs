using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>Loops: <c>for</c>, <c>while</c>, <c>do</c> and <c>foreach</c> over a span, all to <see cref="LLoop"/>.</summary>
internal sealed partial class LoopLowerer
{
    private void Loop(ILoopOperation loop)
    {
        if (_loopDepth == 0)
        {
            Outermost(() => LowerLoop(loop));
            return;
        }

        LowerLoop(loop);
    }

    private void LowerLoop(ILoopOperation loop)
    {
        var (outerBreak, outerContinue) = (_break, _continue);
        _break = null;
        _continue = null;
        _loopDepth++;
        try
        {
            switch (loop)
            {
                case IForLoopOperation f:
                    For(f);
                    break;
                case IWhileLoopOperation w:
                    {
                        var (condition, effects) = Condition(w.Condition, before: w.ConditionIsTop);
                        if (w.ConditionIsUntil)
                        {
                            condition = Not(condition);
                        }

                        var body = LoopBody(w.Body, prefix: null);
                        Finish(condition, body, new List<LStmt>(effects), w.ConditionIsTop, counter: null);
                        break;
                    }

                case IForEachLoopOperation e:
                    ForEach(e);
                    break;
                default:
                    throw new InvalidOperationException($"unexpected loop '{loop.Syntax}'");
            }
        }
        finally
        {
            _loopDepth--;
            _break = outerBreak;
            _continue = outerContinue;
        }
    }

    private void For(IForLoopOperation loop)
    {
        var counter = CounterOf(loop);
        if (counter is null)
        {
            foreach (var before in loop.Before)
            {
                Statement(before);
            }
        }

        if (counter is not null && loop.Condition is not null && (HasEffect(loop.Condition) || LowersToStatements(loop.Condition)))
        {
            // The condition assigns (i++ < n) or computes a choice first (i < (i < 3 ? n : m)): that runs after the
            // counter's step, so the loop is a general one.
            _output.Add(new LAssign(counter.Var, counter.Start));
            counter = null;
        }

        var (condition, effects) = Condition(loop.Condition, before: true);
        var body = LoopBody(loop.Body, prefix: null);
        var step = new List<LStmt>();
        if (counter is null)
        {
            Block(loop.AtLoopBottom.ToList(), step);
        }
        else if (body.Assigns(counter.Var) || counter.Start.Reads().Any(body.Assigns))
        {
            // Not a counted loop after all: the body changes the counter or its start. Lower it as a general loop.
            _output.Add(new LAssign(counter.Var, counter.Start));
            Block(loop.AtLoopBottom.ToList(), step);
            counter = null;
        }

        step.AddRange(effects);
        Finish(condition, body, step, testFirst: true, counter);
    }

    private void ForEach(IForEachLoopOperation loop)
    {
        var collection = loop.Collection;
        while (collection is IConversionOperation conversion)
        {
            collection = conversion.Operand;
        }

        if (ViewOf(collection) is not { } view)
        {
            Report(DiagnosticDescriptors.UnsupportedArray, loop.Collection.Syntax, loop.Collection.Syntax.ToString(),
                "foreach runs over a span or array parameter, a local buffer or a view of one (Slice, a range)");
            var rejected = Rejected(collection.Type);
            view = new View(rejected, new LConst(ScalarKind.Int, 0), new LLength(rejected), IsCopy: false);
        }

        if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var element } || KnownSymbols.KindOf(element.Type) is not { } kind)
        {
            // Without a scalar loop variable the body's reads of it have nothing to lower to: the loop is left out.
            Report(DiagnosticDescriptors.UnsupportedArray, loop.Syntax, loop.Collection.Syntax.ToString(), "the foreach variable must be a double, float or int");
            return;
        }

        var index = NewVar("index", ScalarKind.Int, false, VarOrigin.Local, -1, false, false);
        var variable = NewVar(element.Name, kind, false, VarOrigin.Local, -1, false, false);
        _symbols[element] = variable;
        var read = new LAssign(variable, Convert(ElementOf(view, new LRead(ScalarKind.Int, index)), kind));
        var body = LoopBody(loop.Body, read);
        var condition = Apply(ScalarKind.Bool, Op.Lt, new LRead(ScalarKind.Int, index), view.Length);
        Finish(condition, body, new List<LStmt>(), testFirst: true, new LCounter(index, new LConst(ScalarKind.Int, 0), 1));
    }

    /// <summary>The counter of <c>for (int i = start; …; i++)</c> (or <c>i--</c>, <c>i += c</c>, <c>i -= c</c>), or null.</summary>
    private LCounter? CounterOf(IForLoopOperation loop)
    {
        if (loop.Before.Length != 1 || loop.AtLoopBottom.Length != 1
            || loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
            || group.Declarations[0].Declarators.Length != 1)
        {
            return null;
        }

        var declarator = group.Declarations[0].Declarators[0];
        var bottom = loop.AtLoopBottom[0];
        if (declarator.Symbol.Type.SpecialType != SpecialType.System_Int32 || declarator.GetVariableInitializer()?.Value is not { } start)
        {
            return null;
        }

        var step = bottom is IExpressionStatementOperation statement ? statement.Operation : bottom;
        int? stride = step switch
        {
            IIncrementOrDecrementOperation { Target: ILocalReferenceOperation l } inc when Same(l.Local, declarator.Symbol) =>
                inc.Kind == OperationKind.Increment ? 1 : -1,
            ICompoundAssignmentOperation { Target: ILocalReferenceOperation l, OperatorKind: var op, Value.ConstantValue: { HasValue: true, Value: int c } }
                when Same(l.Local, declarator.Symbol) && c > 0 && op is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract =>
                op == BinaryOperatorKind.Add ? c : -c,
            _ => null,
        };
        if (stride is null)
        {
            return null;
        }

        var startValue = Value(start, ScalarKind.Int);
        var counter = NewVar(declarator.Symbol.Name, ScalarKind.Int, false, VarOrigin.Local, -1, false, false);
        _symbols[declarator.Symbol] = counter;
        return new LCounter(counter, startValue, stride.Value);
    }

    private static bool Same(ISymbol a, ISymbol b) => SymbolEqualityComparer.Default.Equals(a, b);

    /// <summary>
    /// A loop condition, evaluated again on every iteration. One that assigns (<c>while (n-- &gt; 0)</c>, or on the
    /// right of <c>&amp;&amp;</c>, under a branch) is a pure test preceded by its assignments
    /// (<c>Effects</c>): they are lowered where the condition is first tested (before the loop where
    /// <paramref name="before"/>), and the caller repeats them at the end of every iteration (assignments and branches
    /// of them only, so the same statements serve twice: a <c>?:</c> or a switch expression is such a branch). A call is
    /// rejected.
    /// </summary>
    private (LExpr Condition, IReadOnlyList<LStmt> Effects) Condition(IOperation? condition, bool before)
    {
        if (condition is null)
        {
            return (True, Array.Empty<LStmt>());
        }

        var saved = _output;
        _output = new List<LStmt>();
        try
        {
            var value = Value(condition, ScalarKind.Bool);
            var effects = _output;
            if (effects.Descendants().Any(s => s is LCall))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, condition.Syntax, condition.Syntax.ToString(),
                    "a loop condition is evaluated on every iteration, so it cannot call methods; compute it into a bool variable before the loop and at the end of the body, "
                    + "or test inside the body with if (…) break;");
                return (value, Array.Empty<LStmt>());
            }

            if (before)
            {
                saved.AddRange(effects);
            }

            return (value, effects);
        }
        finally
        {
            _output = saved;
        }
    }

    private List<LStmt> LoopBody(IOperation body, LStmt? prefix)
    {
        var statements = new List<LStmt>();
        if (prefix is not null)
        {
            statements.Add(prefix);
        }

        Block(new[] { body }, statements);
        if (_continue is { } c)
        {
            statements.Insert(0, new LAssign(c, new LConst(ScalarKind.Bool, 0)));
        }

        return statements;
    }

    /// <summary>Adds the loop, with the exit flags folded into its condition and (for general loops) its step.</summary>
    private void Finish(LExpr condition, List<LStmt> body, List<LStmt> step, bool testFirst, LCounter? counter)
    {
        LExpr? exit = null;
        foreach (var flag in new[] { _break, _return })
        {
            if (flag is { } f)
            {
                var read = new LRead(ScalarKind.Bool, f);
                exit = exit is null ? read : new LApply(ScalarKind.Bool, Op.Or, new LExpr[] { exit, read }.ToEquatableArray());
            }
        }

        if (exit is not null)
        {
            condition = And(Not(exit), condition);
            if (counter is null && step.Count > 0)
            {
                step = new List<LStmt> { new LIf(Not(exit), step.ToEquatableArray(), EquatableArray<LStmt>.Empty) };
            }
        }

        if (_break is { } b)
        {
            _output.Add(new LAssign(b, new LConst(ScalarKind.Bool, 0)));
        }

        _output.Add(new LLoop(condition, body.ToEquatableArray(), step.ToEquatableArray(), testFirst, counter));
    }
}
