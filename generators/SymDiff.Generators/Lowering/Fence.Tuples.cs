using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SymDiff.Generators.Diagnostics;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// Tuples, as far as SymDiff goes: a deconstruction of a tuple literal into scalar locals, parameters, elements or
/// discards (<c>var (c, s) = (Math.Cos(t), Math.Sin(t));</c>, <c>(a, b) = (b, a);</c>), which is several assignments
/// at once. A tuple-typed local, a method returning a tuple and deconstruction of anything but a tuple literal are
/// rejected on the node, saying so.
/// </summary>
internal sealed partial class Fence
{
    private void Deconstruction(IDeconstructionAssignmentOperation deconstruction)
    {
        var targets = TupleTargets(deconstruction.Target);
        var value = deconstruction.Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (targets is null || value is not ITupleOperation tuple || tuple.Elements.Length != targets.Count)
        {
            Reject(DiagnosticDescriptors.UnsupportedStatement, deconstruction.Syntax, "deconstruction",
                "a deconstruction is differentiated only from a tuple literal into scalar variables or elements ('var (c, s) = (Math.Cos(t), Math.Sin(t));'); tuple-typed values and methods returning tuples are not");
            return;
        }

        foreach (var element in tuple.Elements)
        {
            Expression(element);
        }

        foreach (var target in targets.Where(t => t is not IDiscardOperation))
        {
            if (IsVariable(target) && KnownSymbols.ShapeOf(target.Type) is { IsArray: false, Kind: not null } || IsElement(target))
            {
                if (IsElement(target))
                {
                    Expression(target);
                }
            }
            else
            {
                Reject(DiagnosticDescriptors.UnsupportedStatement, target.Syntax, "deconstruction",
                    "the parts of a deconstruction are double, float, int or bool variables, buffer elements, or discards");
            }
        }
    }

    /// <summary>The targets of <c>(a, b)</c> or <c>var (a, b)</c> (nested tuples are not flattened: null), in order.</summary>
    internal static IReadOnlyList<IOperation>? TupleTargets(IOperation target)
    {
        if (target is IDeclarationExpressionOperation declaration)
        {
            target = declaration.Expression;
        }

        return target is ITupleOperation tuple && !tuple.Elements.Any(e => e is ITupleOperation or IDeclarationExpressionOperation { Expression: ITupleOperation })
            ? tuple.Elements.Select(e => e is IDeclarationExpressionOperation d ? d.Expression : e).ToList()
            : null;
    }
}
