namespace SymDiff.Generators.Model;

/// <summary>Structural questions about the loop IR that lowering, analysis and emission all ask.</summary>
internal static class LoopIrQueries
{
    /// <summary>True when some statement of <paramref name="body"/>, nested ones and loop counters included, assigns the scalar <paramref name="variable"/>.</summary>
    public static bool Assigns(this IEnumerable<LStmt> body, int variable) => body.Any(s => s switch
    {
        LAssign a => a.Var == variable,
        LCall c => c.Target == variable,
        LIf i => i.Then.Assigns(variable) || i.Else.Assigns(variable),
        LLoop l => l.Body.Assigns(variable) || l.Step.Assigns(variable) || l.Counter?.Var == variable,
        _ => false,
    });

    /// <summary>The variables <paramref name="expression"/> reads: scalars, and arrays with their indices' variables.</summary>
    public static IEnumerable<int> Reads(this LExpr expression) => expression switch
    {
        LRead r => new[] { r.Var },
        LElement e => new[] { e.Var }.Concat(e.Index.Reads()),
        LApply a => a.Args.SelectMany(Reads),
        _ => Array.Empty<int>(),
    };

    /// <summary>True when <paramref name="expression"/> reads no array element (only scalars, lengths and constants).</summary>
    public static bool ReadsNoElement(this LExpr expression) => expression switch
    {
        LElement => false,
        LApply a => a.Args.All(ReadsNoElement),
        _ => true,
    };
}
