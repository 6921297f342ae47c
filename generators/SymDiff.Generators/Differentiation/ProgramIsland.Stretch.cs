using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>A run of a larger program's statements as one island (<see cref="Stretch"/>), for its forward and reverse sweeps.</summary>
internal sealed partial class ProgramIsland
{
    /// <summary>
    /// A stretch of a program's statements without loops, calls or allocations (assignments, stores and branches of
    /// them) as one island for forward mode, with <paramref name="lanes"/> lanes of tangents: what the stretch reads
    /// before it assigns it is a leaf (any scalar, as it is on entry; an element at an index that reads nothing the stretch
    /// assigns), <paramref name="active"/> telling which carry a tangent, and everything it assigns is an output
    /// (<see cref="Written"/>: scalars as <see cref="LRead"/>, elements as <see cref="LElement"/>, in the order first
    /// written). Null when the stretch is not one: it writes an array at two different indices or reads one it writes at
    /// another index (they may be the same element), writes an element in one arm of a branch only, or reads what an
    /// island cannot.
    /// </summary>
    public static ProgramIsland? Stretch(LoopProgram program, EquatableArray<LStmt> statements, Func<int, bool> active, int lanes)
    {
        if (statements.Descendants().Any(s => s is not (LAssign or LStore or LIf)) || !ElementsApart(statements))
        {
            return null;
        }

        var island = new ProgramIsland(program, lanes, statements, active);
        var env = new Scope();
        var written = new List<LExpr>();
        for (var k = 0; k < statements.Length; k++)
        {
            island._top = statements[k] is LAssign or LStore ? k : -1;
            if (!island.Statements(new[] { statements[k] }.ToEquatableArray(), env, written))
            {
                return null;
            }
        }

        island._top = -1;

        foreach (var storage in written.Distinct())
        {
            island.Written.Add((storage, env[storage]));
        }

        return island;
    }

    /// <summary>
    /// For a stretch: each operation made outside every branch while an assignment or a store of the stretch was built,
    /// with that statement's index and the expression it was made from (the first, where statements share a node): the
    /// forward sweep can compute it there into a local and save it (<c>LoopAnalysis.SavedIntermediates</c>).
    /// </summary>
    public Dictionary<Node, (int Statement, LExpr Expression)> Sources { get; } = new();

    /// <summary>While a stretch is built: the index of its assignment or store being built, else -1.</summary>
    private int _top = -1;

    /// <summary>For a stretch: what it assigns, a scalar (<see cref="LRead"/>) or an element, with its last value, in the order first written.</summary>
    public List<(LExpr Storage, Node Value)> Written { get; } = new();

    /// <summary>True when every array the stretch writes is read and written at one index expression only.</summary>
    private static bool ElementsApart(EquatableArray<LStmt> statements)
    {
        var stored = new HashSet<int>(statements.Descendants().OfType<LStore>().Select(st => st.Var));
        var indices = new Dictionary<int, LExpr>();
        foreach (var access in statements.Descendants().SelectMany(s => s switch
        {
            LStore st => st.Expressions().SelectMany(e => e.Descendants()).OfType<LElement>().Append(new LElement(ScalarKind.Double, st.Var, st.Index)),
            _ => s.Expressions().SelectMany(e => e.Descendants()).OfType<LElement>(),
        }))
        {
            if (!stored.Contains(access.Var))
            {
                continue;
            }

            if (indices.TryGetValue(access.Var, out var index) && !index.Equals(access.Index))
            {
                return false;
            }

            indices[access.Var] = access.Index;
        }

        return true;
    }
}
