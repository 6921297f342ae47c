using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// How a stretch of derivative-IR statements uses the program's variables: what a printer needs to move the stretch into
/// a method of its own (<see cref="Emit.DerivativePrinter"/>): which variables it reads, which it assigns (passed by
/// reference), whose elements it writes or hands to a call (a writable span), and which it declares itself.
/// </summary>
internal sealed class DerivativeUses
{
    private readonly DerivativeProgram _program;

    private DerivativeUses(DerivativeProgram program) => _program = program;

    public HashSet<int> Read { get; } = new();

    /// <summary>Variables assigned as a whole (a scalar's new value, a buffer rebound, a tape height moved).</summary>
    public HashSet<int> Assigned { get; } = new();

    /// <summary>Arrays whose elements are written, cleared or restored.</summary>
    public HashSet<int> ElementsWritten { get; } = new();

    /// <summary>Arrays passed to a call (which may write them, or want them as they are declared).</summary>
    public HashSet<int> PassedToCalls { get; } = new();

    public HashSet<int> Declared { get; } = new();

    /// <summary>The declarations of the stretch, nested ones too, in order.</summary>
    public List<DDeclare> Declarations { get; } = new();

    /// <summary>
    /// False when the stretch cannot leave its member: a <c>return</c>, an embedded program (named by another printer),
    /// or a statement or expression this analysis does not know.
    /// </summary>
    public bool Movable { get; private set; } = true;

    /// <summary>Every variable the stretch uses and does not declare.</summary>
    public IEnumerable<int> Free => Read.Concat(Assigned).Concat(ElementsWritten).Concat(PassedToCalls).Distinct().Where(v => !Declared.Contains(v));

    /// <summary>The uses of <paramref name="statements"/>, statements of <paramref name="program"/>.</summary>
    public static DerivativeUses Of(DerivativeProgram program, IEnumerable<DStmt> statements)
    {
        var uses = new DerivativeUses(program);
        foreach (var statement in statements)
        {
            uses.Statement(statement);
        }

        return uses;
    }

    private void Statements(IEnumerable<DStmt> body)
    {
        foreach (var statement in body)
        {
            Statement(statement);
        }
    }

    private void Statement(DStmt statement)
    {
        switch (statement)
        {
            case DDeclare d:
                Declared.UnionWith(d.Vars);
                Declarations.Add(d);
                Expr(d.Init);
                break;
            case DAssign a:
                Target(a.Target);
                Expr(a.Value);
                break;
            case DAccumulate a:
                Target(a.Target);
                Expr(a.Value);
                break;
            case DIncrement i:
                Read.Add(i.Var);
                Assigned.Add(i.Var);
                break;
            case DPush push:
                Expr(push.Value);
                Storage(push.Storage);
                break;
            case DSnapshot snapshot:
                Read.Add(snapshot.Var);
                if (snapshot.Restore)
                {
                    ElementsWritten.Add(snapshot.Var);
                }

                break;
            case DClear c:
                ElementsWritten.Add(c.Var);
                break;
            case DCopy copy:
                Read.Add(copy.From);
                Read.Add(copy.To);
                ElementsWritten.Add(copy.To);
                break;
            case DRelease r:
                Read.Add(r.Mark);
                break;
            case DComment:
                break;
            case DCall c:
                foreach (var target in c.Targets)
                {
                    Target(target);
                }

                Arguments(c.Args);
                break;
            case DIf i:
                Expr(i.Condition);
                Statements(i.Then);
                Statements(i.Else);
                break;
            case DLoop l:
                if (l.Init is not null)
                {
                    Statement(l.Init);
                }

                if (l.Step is not null)
                {
                    Statement(l.Step);
                }

                Expr(l.Condition);
                Statements(l.Body);
                break;
            case DScope s:
                Statements(s.Body);
                break;
            case DIsland island:
                foreach (var (_, value) in island.Inputs)
                {
                    Expr(value);
                }

                foreach (var target in island.Targets)
                {
                    Target(target);
                }

                if (island.Assigned is not null)
                {
                    Target(island.Assigned);
                }

                break;
            case DSweep { Returned.Count: 0 } sweep:
                // A stretch's island (TangentPass.Stretches): its leaves read, its stores written.
                foreach (var (_, value) in sweep.Inputs)
                {
                    Expr(value);
                }

                foreach (var store in sweep.Stores)
                {
                    Target(store.Target);
                }

                break;
            case DAdjoint adjoint:
                Read.Add(adjoint.Seed);
                foreach (var (_, value) in adjoint.Inputs)
                {
                    Expr(value);
                }

                foreach (var (_, target) in adjoint.Contributions)
                {
                    Target(target);
                }

                break;
            default:
                // DReturn, DEmbedded, and anything added later: stays where it is.
                Movable = false;
                break;
        }
    }

    /// <summary>Where a value is stored (and, for <c>+=</c>, read): a variable or an element.</summary>
    private void Target(LExpr target)
    {
        switch (target)
        {
            case LRead r:
                Read.Add(r.Var);
                Assigned.Add(r.Var);
                break;
            case LElement e:
                Read.Add(e.Var);
                ElementsWritten.Add(e.Var);
                Expr(e.Index);
                break;
            case LTapeCount:
                // The tape's height, stored back after a loop: the tape is every part's.
                break;
            default:
                Movable = false;
                break;
        }
    }

    private void Storage(DTapeStorage? storage)
    {
        if (storage is not null)
        {
            Read.Add(storage.Values);
            ElementsWritten.Add(storage.Values);
            Read.Add(storage.Top);
            Assigned.Add(storage.Top);
        }
    }

    private void Arguments(EquatableArray<DArg> args)
    {
        foreach (var arg in args)
        {
            if (arg.ByRef || arg.Out)
            {
                Target(arg.Value);
            }
            else if (arg.Value is LRead { Var: var matrix } && _program.Vars[matrix].Matrix is not null)
            {
                // A two-dimensional array passed whole: the parameter itself, which a moved stretch would not have.
                Movable = false;
            }
            else if (arg.Value is LRead read && _program.Vars[read.Var].IsArray)
            {
                Read.Add(read.Var);
                PassedToCalls.Add(read.Var);
            }
            else
            {
                Expr(arg.Value);
            }
        }
    }

    private void Expr(LExpr? expression)
    {
        switch (expression)
        {
            case null:
            case LConst:
            case LTapeMark:
            case LTapeCount:
            case LTapeStorage { Reserve: null }:
                break;
            case LRead r:
                Read.Add(r.Var);
                break;
            case LElement e:
                Read.Add(e.Var);
                Expr(e.Index);
                break;
            case LLength l:
                Read.Add(l.Var);
                break;
            case LApply a:
                foreach (var arg in a.Args)
                {
                    Expr(arg);
                }

                break;
            case LInvoke call:
                Arguments(call.Args);
                break;
            case LZeros z:
                Expr(z.Length);
                break;
            case LNewArray a:
                Expr(a.Length);
                break;
            case LTapeStorage storage:
                Expr(storage.Reserve);
                break;
            case LPop pop:
                Storage(pop.Storage);
                break;
            case LTripCount trips:
                Expr(trips.From);
                Expr(trips.To);
                break;
            case LSegmentLength segment:
                Expr(segment.Trips);
                break;
            case LSlice slice:
                // A view of the span: whoever receives it may write its elements.
                Read.Add(slice.Span);
                ElementsWritten.Add(slice.Span);
                Expr(slice.Start);
                Expr(slice.Length);
                break;
            default:
                Movable = false;
                break;
        }
    }
}
