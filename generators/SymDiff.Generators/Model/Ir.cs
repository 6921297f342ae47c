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

/// <summary>A statement of a structured body: a value definition or a two-way branch.</summary>
internal sealed record Stmt(Instr? Let, IfStmt? If);

/// <summary>
/// <c>if (Condition) { Then } else { Else }</c>; each <see cref="Phi"/> merges a value assigned in either branch.
/// Conditional expressions lower to this form too, so only the taken branch is evaluated.
/// </summary>
internal sealed record IfStmt(int Condition, EquatableArray<Stmt> Then, EquatableArray<Stmt> Else, EquatableArray<Phi> Phis);

/// <summary><c>Id = Condition ? ThenValue : ElseValue</c> at the join of an <see cref="IfStmt"/>.</summary>
internal sealed record Phi(int Id, ScalarKind Type, int ThenValue, int ElseValue, string? Name);
