using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The primal as a pass: statements run as written, recording nothing (the forward run of a <c>[Checkpoint]</c> loop,
/// whose segments the reverse sweep re-runs with recording). Local buffers it allocates get their adjoint buffers too.
/// </summary>
internal sealed class PrimalPass : ProgramPass
{
    private readonly IReadOnlyDictionary<int, int> _adjoint;

    private PrimalPass(MethodModel method, IReadOnlyList<string> primalNames, ISet<int> heapArrays, IReadOnlyDictionary<int, string> adjoints)
        : base(method, primalNames, heapArrays) =>
        _adjoint = adjoints.ToDictionary(a => a.Key, a => Derivative.Named(a.Value, Program.Vars[a.Key].Type, Program.Vars[a.Key].IsArray));

    /// <summary>
    /// <paramref name="body"/> as the primal runs it, over the primal variables named <paramref name="primalNames"/> now
    /// and the active ones' adjoints named <paramref name="adjoints"/>.
    /// </summary>
    public static DerivativeProgram Run(MethodModel method, IReadOnlyList<string> primalNames, ISet<int> heapArrays, IReadOnlyDictionary<int, string> adjoints, IEnumerable<LStmt> body)
    {
        var pass = new PrimalPass(method, primalNames, heapArrays, adjoints);
        pass.Derivative.Body.AddRange(pass.Statements(body));
        return pass.Derivative;
    }

    private IEnumerable<DStmt> Statements(IEnumerable<LStmt> body) => body.SelectMany(statement => statement switch
    {
        LAssign a => new[] { new DAssign(Read(a.Var), Bind(a.Value)) },
        LStore st => new[] { new DAssign(new LElement(Program.Vars[st.Var].Type, Var[st.Var], Bind(st.Index)), Bind(st.Value)) },
        LAllocate al => Allocate(al, _adjoint.TryGetValue(al.Var, out var shadow) ? shadow : null),
        LCall c => new[] { PrimalCall(c) },
        LIf i => new[] { new DIf(Bind(i.Condition), Statements(i.Then).ToEquatableArray(), Statements(i.Else).ToEquatableArray()) },
        LLoop l => new[] { Loop(l, Statements(l.Body).Concat(Statements(l.Step))) },
        _ => Enumerable.Empty<DStmt>(),
    });
}
