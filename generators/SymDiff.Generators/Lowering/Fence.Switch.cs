using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// <c>switch</c> statements and expressions: labels and arms of constants, relational patterns (<c>&lt; 0</c>),
/// <c>and</c>/<c>or</c>/<c>not</c> and <c>_</c>, with <c>when</c> guards; a section's <c>break</c> only where it ends the
/// section (<see cref="LoopLowerer"/> lowers a break as the end of its section); a switch expression ending in a
/// <c>_</c> arm, since the derivatives cannot throw where no arm matches.
/// </summary>
internal sealed partial class Fence
{
    private void Switch(ISwitchOperation @switch)
    {
        Expression(@switch.Value);
        foreach (var section in @switch.Cases)
        {
            foreach (var clause in section.Clauses)
            {
                switch (clause)
                {
                    case ISingleValueCaseClauseOperation single:
                        Expression(single.Value);
                        break;
                    case IPatternCaseClauseOperation pattern:
                        Pattern(pattern.Pattern);
                        if (pattern.Guard is not null)
                        {
                            Expression(pattern.Guard);
                        }

                        break;
                    case IDefaultCaseClauseOperation:
                        break;
                    default:
                        Reject(DiagnosticDescriptors.UnsupportedStatement, clause.Syntax, "case label",
                            "case labels are constants or patterns of constants (case 0:, case < 0:, case > 1 and < 4:)");
                        break;
                }
            }

            foreach (var statement in section.Body)
            {
                Statement(statement);
            }

            SectionBreaks(section.Body, @switch.ExitLabel, tail: true);
        }
    }

    /// <summary>Rejects a <c>break</c> out of the switch that does not end its section (it would skip the rest of a nested block).</summary>
    private void SectionBreaks(IReadOnlyList<IOperation> statements, ILabelSymbol exit, bool tail)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            var last = tail && i == statements.Count - 1;
            switch (statements[i])
            {
                case IBlockOperation block:
                    SectionBreaks(block.Operations, exit, last);
                    break;
                case IConditionalOperation conditional:
                    SectionBreaks(new[] { conditional.WhenTrue }, exit, last);
                    if (conditional.WhenFalse is not null)
                    {
                        SectionBreaks(new[] { conditional.WhenFalse }, exit, last);
                    }

                    break;
                case var statement:
                    foreach (var early in new[] { statement }.Concat(statement.Descendants())
                        .OfType<IBranchOperation>()
                        .Where(b => b.BranchKind == BranchKind.Break && SymbolEqualityComparer.Default.Equals(b.Target, exit))
                        .Where(b => !last || !ReferenceEquals(b, statement)))
                    {
                        Reject(DiagnosticDescriptors.UnsupportedStatement, early.Syntax, "'break' statement",
                            "a break that leaves a switch section before its end is not supported; end the section with it, or use if/else inside the section");
                    }

                    break;
            }
        }
    }

    /// <summary>Checks a switch expression; false when <paramref name="operation"/> is none.</summary>
    private bool SwitchExpression(IOperation operation)
    {
        if (operation is not ISwitchExpressionOperation @switch)
        {
            return false;
        }

        Expression(@switch.Value);
        foreach (var arm in @switch.Arms)
        {
            Pattern(arm.Pattern);
            if (arm.Guard is not null)
            {
                Expression(arm.Guard);
            }

            Expression(arm.Value);
        }

        if (@switch.Arms.Length == 0 || @switch.Arms[@switch.Arms.Length - 1] is not { Guard: null } last
            || last.Pattern is not (IDiscardPatternOperation or IDeclarationPatternOperation))
        {
            Reject(DiagnosticDescriptors.UnsupportedExpression, @switch.Syntax, "switch expression",
                "where no arm matches, C# throws and the derivatives cannot; end the switch expression with a '_ => …' arm");
        }

        return true;
    }

    /// <summary>
    /// <c>var v</c>, or a declaration of the governing value's own type (<c>double v</c> on a double): it matches every
    /// value and names it, for a <c>when</c> guard or the arm. A declaration of a number or bool local only.
    /// </summary>
    internal static bool IsCatchAll(IDeclarationPatternOperation declaration) =>
        declaration.DeclaredSymbol is ILocalSymbol local && KnownSymbols.KindOf(local.Type) is not null
        && (declaration.MatchesNull || SymbolEqualityComparer.Default.Equals(declaration.MatchedType, declaration.InputType));

    private static bool DeclaresWithin(IPatternOperation pattern) => pattern.DescendantsAndSelf().Any(p => p is IDeclarationPatternOperation);

    /// <summary>Patterns of constants: constant, relational, <c>and</c>/<c>or</c>/<c>not</c> of those, <c>_</c>, and a catch-all declaration.</summary>
    private void Pattern(IPatternOperation pattern)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant:
                Expression(constant.Value);
                break;
            case IRelationalPatternOperation relational when BinaryOp(relational.OperatorKind, null) is not null:
                Expression(relational.Value);
                break;
            case IDiscardPatternOperation:
                break;
            case INegatedPatternOperation negated:
                Pattern(negated.Pattern);
                break;
            case IBinaryPatternOperation binary when !DeclaresWithin(binary):
                Pattern(binary.LeftPattern);
                Pattern(binary.RightPattern);
                break;
            case IDeclarationPatternOperation declaration when IsCatchAll(declaration):
                break;
            default:
                Reject(DiagnosticDescriptors.UnsupportedExpression, pattern.Syntax, pattern.Syntax.ToString(),
                    "switch patterns are constants, relational patterns (< 0), and/or/not of those, _, and 'var v' (or the value's own type, 'double v') alone; "
                    + "other type patterns, and declarations inside and/or/not, are not supported");
                break;
        }
    }
}
