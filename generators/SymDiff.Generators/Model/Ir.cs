namespace SymDiff.Generators.Model;

/// <summary>The scalar types a differentiable body computes with.</summary>
internal enum ScalarKind : byte
{
    Double,
    Float,
    Int,
    Bool,
}

/// <summary>Elementary operations of the IR. Derivative rules for each live in <c>DerivativeRules</c>.</summary>
internal enum Op : byte
{
    Const,
    Param,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Neg,
    Convert,
    Exp,
    Log,
    Log2,
    Log10,
    LogBase,
    Sqrt,
    Cbrt,
    Pow,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Atan2,
    FusedMultiplyAdd,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    ExpM1,
    LogP1,
    Exp2,
    Hypot,
    IeeeRemainder,
    Abs,
    Max,
    Min,
    Clamp,
    Sign,
    Floor,
    Ceiling,
    Round,
    Truncate,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
    Not,
    IsNaN,
    IsInfinity,
    IsFinite,
    IsPositiveInfinity,
    IsNegativeInfinity,
    Select,
    Call,

    // Graph-only operations, produced while differentiating (never by lowering).

    /// <summary>A join value of a branch.</summary>
    Phi,

    /// <summary>A variable of the generated code: a tangent or seed parameter, or an adjoint accumulator.</summary>
    Local,

    /// <summary>∂call/∂argument, returned by the callee's derivative next to the call's value.</summary>
    CallPartial,
}

/// <summary>
/// One SSA value: <c>Id = Op(Args)</c>. <see cref="Value"/> holds a constant's value or a parameter's ordinal;
/// <see cref="Name"/> is the user's local name when the value was assigned to one (used to name generated locals);
/// <see cref="Call"/> indexes <see cref="MethodModel.Calls"/> for <see cref="Op.Call"/>.
/// </summary>
internal sealed record Instr(int Id, Op Op, ScalarKind Type, EquatableArray<int> Args, double Value = 0, string? Name = null, int Call = -1);

/// <summary>A statement of a structured SSA body: a value definition (<see cref="Let"/>) or a two-way branch (<see cref="IfStmt"/>).</summary>
internal abstract record Stmt;

/// <summary>Defines the value <see cref="Instr"/> computes.</summary>
internal sealed record Let(Instr Instr) : Stmt;

/// <summary>
/// <c>if (Condition) { Then } else { Else }</c>; each <see cref="Phi"/> merges a value assigned in either branch.
/// Conditional expressions lower to this form too, so only the taken branch is evaluated.
/// </summary>
internal sealed record IfStmt(int Condition, EquatableArray<Stmt> Then, EquatableArray<Stmt> Else, EquatableArray<Phi> Phis) : Stmt;

/// <summary><c>Id = Condition ? ThenValue : ElseValue</c> at the join of an <see cref="IfStmt"/>.</summary>
internal sealed record Phi(int Id, ScalarKind Type, int ThenValue, int ElseValue, string? Name);

/// <summary>
/// The body of a method as a back end differentiates it: a <see cref="ScalarBody"/> (SSA, for a body of scalars only)
/// or a <see cref="LoopProgram"/> (statements over storage, for loops, arrays and span outputs). Both come from the one
/// lowering, <c>Lowering/LoopLowerer</c>: a scalar body is its program without loops, in SSA form.
/// </summary>
internal abstract record MethodBody;

/// <summary>A body of scalars only in SSA form: its statements and the value it returns.</summary>
internal sealed record ScalarBody(EquatableArray<Stmt> Statements, int Result) : MethodBody;

/// <summary>Walks of a <see cref="ScalarBody"/>.</summary>
internal static class ScalarBodyWalk
{
    /// <summary>Every instruction of <paramref name="statements"/>, nested branches' included, in program order.</summary>
    public static IEnumerable<Instr> Instructions(EquatableArray<Stmt> statements)
    {
        var pending = new Stack<IEnumerator<Stmt>>();
        pending.Push(((IEnumerable<Stmt>)statements).GetEnumerator());
        while (pending.Count > 0)
        {
            var current = pending.Peek();
            if (!current.MoveNext())
            {
                pending.Pop();
                continue;
            }

            switch (current.Current)
            {
                case Let let:
                    yield return let.Instr;
                    break;
                case IfStmt branch:
                    pending.Push(((IEnumerable<Stmt>)branch.Else).GetEnumerator());
                    pending.Push(((IEnumerable<Stmt>)branch.Then).GetEnumerator());
                    break;
            }
        }
    }
}
