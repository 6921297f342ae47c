using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// What every mode pass shares: the derivative program it builds, where each primal variable is held now (its own
/// storage, or a block copy inside an innermost loop), and the statements every mode writes as the primal does
/// (a passive call, an allocation with its shadow, a loop's header).
/// </summary>
internal abstract class ProgramPass
{
    protected ProgramPass(MethodModel method, IReadOnlyList<string> primalNames, ISet<int> heapArrays)
    {
        Method = method;
        Program = method.Loops!;
        HeapArrays = heapArrays;
        Var = Program.Vars.Select(v => Derivative.Named(primalNames[v.Id], v.Type, v.IsArray)).ToArray();
    }

    protected MethodModel Method { get; }

    protected LoopProgram Program { get; }

    /// <summary>The program the pass writes.</summary>
    protected DerivativeProgram Derivative { get; } = new();

    /// <summary>The derivative program's variable holding each primal variable now.</summary>
    protected int[] Var { get; }

    /// <summary>Local buffers that are heap arrays (passed to a callee's <c>T[]</c> parameter); the others are tape spans.</summary>
    protected ISet<int> HeapArrays { get; }

    protected static LExpr Read(int var, ScalarKind type) => new LRead(type, var);

    /// <summary>The primal variable <paramref name="id"/> where it is held now.</summary>
    protected LExpr Read(int id) => Read(Var[id], Program.Vars[id].Type);

    /// <summary><paramref name="expression"/> over the derivative program's variables: each primal variable read where it is held now.</summary>
    protected LExpr Bind(LExpr expression)
    {
        Lowering.NestingGuard.EnsureStack();
        return expression switch
        {
            LRead r => new LRead(r.Type, Var[r.Var]),
            LElement e => new LElement(e.Type, Var[e.Var], Bind(e.Index)),
            LLength l => new LLength(Var[l.Var]),
            LApply a => a with { Args = a.Args.Select(Bind).ToEquatableArray() },
            _ => expression,
        };
    }

    protected DArg Argument(LArg argument) => new(argument.Scalar is { } scalar ? Bind(scalar) : Read(argument.Array));

    /// <summary>The call as written: the user's method with the same arguments.</summary>
    protected DStmt PrimalCall(LCall c)
    {
        var callee = Method.Calls[c.Call];
        var targets = c.Target >= 0 ? new[] { Read(c.Target) } : Array.Empty<LExpr>();
        return new DCall(targets.ToEquatableArray(), $"{callee.TypeName}.{callee.MethodName}", c.Args.Select(Argument).ToEquatableArray());
    }

    /// <summary>The buffer's zeros, then its <paramref name="shadow"/>'s (a tangent or adjoint of its length) when it has one.</summary>
    protected IEnumerable<DStmt> Allocate(LAllocate al, int? shadow)
    {
        var type = Program.Vars[al.Var].Type;
        var length = Bind(al.Length);
        yield return new DAssign(Read(al.Var), HeapArrays.Contains(al.Var) ? new LNewArray(type, length) : new LZeros(type, length));
        if (shadow is { } s)
        {
            yield return new DAssign(Read(s, type), new LZeros(type, new LLength(Var[al.Var])));
        }
    }

    /// <summary>The loop with its header as in the primal program and <paramref name="body"/> (its body then its step, as the mode writes them).</summary>
    protected DLoop Loop(LLoop l, IEnumerable<DStmt> body)
    {
        var counter = l.Counter is { } c ? new DCounter(Var[c.Var], Bind(c.Start), c.Stride) : null;
        return new DLoop(Bind(l.Condition), body.ToEquatableArray(), l.TestFirst, counter);
    }
}
