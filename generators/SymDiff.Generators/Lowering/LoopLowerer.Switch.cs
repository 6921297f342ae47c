using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// <c>switch</c> statements and expressions, lowered to chains of branches: the governing value is taken once, each
/// section (or arm) is a branch on its labels' patterns (constants, relational patterns, <c>and</c>/<c>or</c>/<c>not</c>,
/// <c>_</c>, with <c>when</c> guards), tried in order, and the default section is the last <c>else</c>. A section's
/// <c>break</c> ends the section (the fence accepts it only where it ends one); a <c>return</c> or a loop's
/// <c>continue</c> inside a section is lowered as anywhere else. In a body without loops a switch that returns is
/// tail-duplicated like an <c>if</c>: every section that breaks goes on with the statements after the switch.
/// </summary>
internal sealed partial class LoopLowerer
{
    /// <summary>The label a <c>break</c> of the switch being lowered jumps to; null outside a switch section.</summary>
    private ILabelSymbol? _switchExit;

    /// <summary>In a tail-duplicated switch, the statements after it, which every <c>break</c> of a section runs.</summary>
    private IReadOnlyList<IOperation>? _switchRest;

    /// <summary>The switch around the one being lowered (its exit and rest), for the statements after a tail-duplicated switch.</summary>
    private (ILabelSymbol? Exit, IReadOnlyList<IOperation>? After) _outerSwitch;

    /// <summary>A section's <c>break</c>: nothing more of the section; in a tail-duplicated switch, the statements after it.</summary>
    private void BreakOutOfSwitch()
    {
        if (_switchRest is not { } rest)
        {
            return;
        }

        var inner = (_switchExit, _switchRest, _outerSwitch);
        (_switchExit, _switchRest) = _outerSwitch;
        try
        {
            Block(rest.ToList(), _output);
        }
        finally
        {
            (_switchExit, _switchRest, _outerSwitch) = inner;
        }
    }

    /// <summary>True when <paramref name="statement"/> is a <c>break</c> out of the switch being lowered.</summary>
    private bool IsSwitchBreak(IOperation statement) =>
        statement is IBranchOperation { BranchKind: BranchKind.Break, Target: var target } && _switchExit is { } exit && SymbolEqualityComparer.Default.Equals(target, exit);

    /// <summary>
    /// Lowers a switch statement; <paramref name="rest"/> (the statements after it, in a body without loops where it
    /// returns) are lowered after each section that breaks.
    /// </summary>
    private void Switch(ISwitchOperation @switch, IReadOnlyList<IOperation>? rest)
    {
        var value = HoldOnce(Value(@switch.Value), @switch.Cases.SelectMany(c => c.Clauses).OfType<IPatternCaseClauseOperation>().Select(c => c.Guard));
        var sections = @switch.Cases.Where(c => !c.Clauses.Any(l => l is IDefaultCaseClauseOperation)).ToList();
        var fallback = @switch.Cases.FirstOrDefault(c => c.Clauses.Any(l => l is IDefaultCaseClauseOperation));
        var around = (_switchExit, _switchRest, _outerSwitch);
        _outerSwitch = (_switchExit, _switchRest);
        _switchExit = @switch.ExitLabel;
        _switchRest = rest;
        try
        {
            _output.AddRange(Chain(0));
        }
        finally
        {
            (_switchExit, _switchRest, _outerSwitch) = around;
        }

        EquatableArray<LStmt> Chain(int index) => Nested(() =>
        {
            if (index == sections.Count)
            {
                if (fallback is not null)
                {
                    Block(fallback.Body.ToList(), _output);
                }
                else if (rest is not null)
                {
                    // No section matched and there is no default: the switch does nothing and the statements after it run.
                    BreakOutOfSwitch();
                }

                return;
            }

            var section = sections[index];
            LExpr? matches = null;
            foreach (var clause in section.Clauses)
            {
                var test = Clause(clause, value);
                matches = matches is null ? test : Apply(ScalarKind.Bool, Op.Or, matches, test);
            }

            var then = Nested(() => Block(section.Body.ToList(), _output));
            var @else = Chain(index + 1);
            if (matches is LConst { Value: var constant })
            {
                _output.AddRange(constant != 0 ? then : @else);
            }
            else
            {
                _output.Add(new LIf(matches!, then, @else));
            }
        });
    }

    /// <summary>A switch expression: a chain of branches assigning its value, the last arm (a discard) the last <c>else</c>.</summary>
    private LExpr SwitchExpression(ISwitchExpressionOperation @switch, ScalarKind kind)
    {
        var value = HoldOnce(Value(@switch.Value), @switch.Arms.Select(a => a.Guard));
        var choice = NewTemp("choice", kind);
        _output.AddRange(Arms(0));
        return new LRead(kind, choice);

        EquatableArray<LStmt> Arms(int index) => Nested(() =>
        {
            var arm = @switch.Arms[index];
            var test = Pattern(arm.Pattern, value);
            if (arm.Guard is not null)
            {
                test = Apply(ScalarKind.Bool, Op.And, test, Value(arm.Guard, ScalarKind.Bool));
            }

            var then = Nested(() => _output.Add(new LAssign(choice, Value(arm.Value, kind))));
            if (index == @switch.Arms.Length - 1 || test is LConst { Value: not 0 })
            {
                // The last arm matches whatever is left (the fence asks for a discard there).
                _output.AddRange(then);
            }
            else if (test is LConst)
            {
                _output.AddRange(Arms(index + 1));
            }
            else
            {
                _output.Add(new LIf(test, then, Arms(index + 1)));
            }
        });
    }

    /// <summary>The governing value, held in a temporary unless it is a constant or a variable no guard can assign.</summary>
    private LExpr HoldOnce(LExpr value, IEnumerable<IOperation?> guards) =>
        value is LConst || value is LRead && !guards.Any(HasEffect) ? value : Hold(value);

    private LExpr Clause(ICaseClauseOperation clause, LExpr value) => clause switch
    {
        ISingleValueCaseClauseOperation single => Apply(ScalarKind.Bool, Op.Eq, value, Value(single.Value, value.Type)),
        IRelationalCaseClauseOperation relational => Apply(ScalarKind.Bool, Fence.BinaryOp(relational.Relation, null)!.Value, value, Value(relational.Value, value.Type)),
        IPatternCaseClauseOperation pattern => pattern.Guard is null
            ? Pattern(pattern.Pattern, value)
            : Apply(ScalarKind.Bool, Op.And, Pattern(pattern.Pattern, value), Value(pattern.Guard, ScalarKind.Bool)),
        _ => throw new InvalidOperationException($"unexpected case label '{clause.Syntax}'"),
    };

    /// <summary>Whether <paramref name="value"/> matches <paramref name="pattern"/> (the patterns <see cref="Fence"/> lets through).</summary>
    private LExpr Pattern(IPatternOperation pattern, LExpr value) => pattern switch
    {
        IConstantPatternOperation constant => Apply(ScalarKind.Bool, Op.Eq, value, Value(constant.Value, value.Type)),
        IRelationalPatternOperation relational => Apply(ScalarKind.Bool, Fence.BinaryOp(relational.OperatorKind, null)!.Value, value, Value(relational.Value, value.Type)),
        IDiscardPatternOperation => True,
        IDeclarationPatternOperation declaration => Declare(declaration, value),
        INegatedPatternOperation negated => Not(Pattern(negated.Pattern, value)),
        IBinaryPatternOperation binary => Apply(
            ScalarKind.Bool,
            binary.OperatorKind == BinaryOperatorKind.Or ? Op.Or : Op.And,
            Pattern(binary.LeftPattern, value),
            Pattern(binary.RightPattern, value)),
        _ => throw new InvalidOperationException($"unexpected pattern '{pattern.Syntax}'"),
    };

    /// <summary><c>var v</c> (or <c>double v</c> on a double): names the governing value for the guard and the arm; it always matches.</summary>
    private LExpr Declare(IDeclarationPatternOperation declaration, LExpr value)
    {
        var local = (ILocalSymbol)declaration.DeclaredSymbol!;
        if (!_symbols.TryGetValue(local, out var variable))
        {
            variable = NewVar(local.Name, KnownSymbols.KindOf(local.Type)!.Value, false, VarOrigin.Local, -1, false, false);
            _symbols[local] = variable;
        }

        _output.Add(new LAssign(variable, value));
        return True;
    }
}
