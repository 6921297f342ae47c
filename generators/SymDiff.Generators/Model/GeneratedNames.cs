using Microsoft.CodeAnalysis.CSharp;

namespace SymDiff.Generators.Model;

/// <summary>
/// The names of the parameters the generated members add for a method's parameters, decided once per method so that
/// <c>Gradient</c>, <c>Pullback</c>, <c>Pushforward</c>, <c>Jacobian</c> and the batched kernels all use the same
/// ones. The public convention (<c>dX</c>, <c>tX</c>, <c>seedX</c>) holds unless that name is taken — by one of the
/// method's parameters (<c>(double x, double dX)</c>), by another derived name (<c>q</c> and <c>Q</c> both give
/// <c>dQ</c>) or by the method itself (a parameter that shadows the method breaks calls to it) — and then the first
/// free one of <c>dX2</c>, <c>dX3</c>, … is used, in parameter order, so the choice is deterministic.
/// </summary>
internal static class GeneratedNames
{
    public static EquatableArray<ParamModel> Assign(string methodName, IReadOnlyList<ParamModel> parameters)
    {
        var taken = new HashSet<string>(parameters.Select(p => Names.Unescaped(p.Name)), StringComparer.Ordinal) { methodName };
        var named = parameters.ToArray();
        for (var i = 0; i < named.Length; i++)
        {
            if (named[i].IsDifferentiable)
            {
                named[i] = named[i] with { Adjoint = Free(taken, named[i].Adjoint) };
            }
        }

        for (var i = 0; i < named.Length; i++)
        {
            if (named[i].IsDifferentiable)
            {
                named[i] = named[i] with { Tangent = Free(taken, named[i].Tangent) };
            }
        }

        for (var i = 0; i < named.Length; i++)
        {
            if (named[i].IsOutput)
            {
                named[i] = named[i] with { Seed = Free(taken, named[i].Seed) };
            }
        }

        return named.ToEquatableArray();
    }

    /// <summary>
    /// The one rule every generated name follows: the first of <paramref name="candidates"/>, or of the first one with 2,
    /// 3, … appended, that is neither in <paramref name="taken"/> nor a C# keyword; added to <paramref name="taken"/> (the
    /// names of a member's body, freed by removing them). Graph nodes are named by <c>Emit.NameAllocator</c>, which adds
    /// the names of the blocks around and contextual keywords.
    /// </summary>
    public static string Free(ISet<string> taken, params string[] candidates)
    {
        var name = candidates.FirstOrDefault(c => IsFree(taken, c));
        for (var k = 2; name is null; k++)
        {
            var numbered = candidates[0] + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            name = IsFree(taken, numbered) ? numbered : null;
        }

        taken.Add(name);
        return name;
    }

    private static bool IsFree(ISet<string> taken, string name) =>
        !taken.Contains(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;
}
