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
/// The body of a method as the front end lowered it (<c>Lowering/LoopLowerer</c>), one program IR for every body: a
/// <see cref="ScalarBody"/> (a body of scalars only, differentiated whole) or a <see cref="LoopProgram"/> (loops, arrays
/// and span outputs, differentiated by the mode passes).
/// </summary>
internal abstract record MethodBody;

/// <summary>
/// A body of scalars only: its program without loops, arrays or span outputs (straight-line code and branches, its
/// returns tail-duplicated), which every mode differentiates as one island (<c>Differentiation/IslandPass</c>).
/// </summary>
internal sealed record ScalarBody(LoopProgram Program) : MethodBody;
