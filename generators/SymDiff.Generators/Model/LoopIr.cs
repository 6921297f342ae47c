namespace SymDiff.Generators.Model;

/// <summary>
/// The imperative IR of every body (a body of scalars is a program without loops or arrays). Unlike the graph a body
/// differentiated whole is built into, variables here are mutable storage (the reverse sweep restores overwritten values
/// from a tape), so the IR keeps the user's statements: assignments, element stores, branches and loops. <c>break</c>,
/// <c>continue</c> and early <c>return</c> are lowered to flag variables and guards, so every loop has one exit and every
/// block falls through.
/// <see cref="CheckpointEvery"/> is -1 without <c>[Checkpoint]</c>, else its segment length (0: chosen at run time).
/// </summary>
internal sealed record LoopProgram(EquatableArray<LoopVar> Vars, EquatableArray<LStmt> Body, int Result, int CheckpointEvery = -1) : MethodBody
{
    /// <summary>
    /// The variable whose value (as the forward sweep leaves it) the members return, when it is not the differentiated
    /// <see cref="Result"/>: the primal value of a tangent program (<c>Differentiation.TangentProgram</c>), whose result is
    /// the tangent. -1: the result itself.
    /// </summary>
    public int Returns { get; init; } = -1;

    /// <summary>The variable the members return: <see cref="Returns"/>, or the result.</summary>
    public int Returned => Returns >= 0 ? Returns : Result;
}

/// <summary>Where a variable's storage comes from.</summary>
internal enum VarOrigin : byte
{
    /// <summary>A user local or a temporary the lowering introduced.</summary>
    Local,

    /// <summary>A method parameter (scalars are copied into a local; arrays are read in place).</summary>
    Parameter,

    /// <summary>
    /// A <c>static readonly</c> field the body reads (a number or a table of numbers): constant data, never written and
    /// never differentiated. <see cref="LoopVar.Name"/> is how generated code names it (the qualified field).
    /// </summary>
    Static,
}

/// <summary>
/// A variable: a scalar, or an array (a span or <c>T[]</c>). <see cref="Parameter"/> is the ordinal for parameters.
/// Output arrays are <c>Span&lt;T&gt;</c> parameters the method writes (a vector-valued function).
/// <see cref="IsTemporary"/> marks a variable the lowering introduced (the result, a call's value, a <c>?:</c>'s choice,
/// an exit flag) rather than one the user named: a value assigned to it takes no name from it.
/// </summary>
internal sealed record LoopVar(int Id, string Name, ScalarKind Type, bool IsArray, VarOrigin Origin, int Parameter, bool IsOutput, bool IsDifferentiable, bool IsTemporary = false);

/// <summary>An expression; evaluation has no side effects (calls with effects are lowered to statements).</summary>
internal abstract record LExpr(ScalarKind Type);

internal sealed record LConst(ScalarKind Type, double Value) : LExpr(Type);

/// <summary>A scalar variable's current value.</summary>
internal sealed record LRead(ScalarKind Type, int Var) : LExpr(Type);

/// <summary><c>array[Index]</c>.</summary>
internal sealed record LElement(ScalarKind Type, int Var, LExpr Index) : LExpr(Type);

/// <summary><c>array.Length</c>.</summary>
internal sealed record LLength(int Var) : LExpr(ScalarKind.Int);

/// <summary>
/// <c>matrix.GetLength(Dimension)</c> of the two-dimensional array parameter <see cref="Var"/> (whose elements the
/// program reads through a row-major span): its number of rows (0) or columns (1).
/// </summary>
internal sealed record LDimension(int Var, int Dimension) : LExpr(ScalarKind.Int);

/// <summary>An elementary operation of <see cref="Op"/> (never <see cref="Op.Call"/>).</summary>
internal sealed record LApply(ScalarKind Type, Op Op, EquatableArray<LExpr> Args) : LExpr(Type)
{
    /// <summary><paramref name="op"/> of <paramref name="args"/>, of type <paramref name="type"/>.</summary>
    public static LApply Of(Op op, ScalarKind type, params LExpr[] args) => new(type, op, args.ToEquatableArray());
}

/// <summary>A call argument: a scalar expression, or a whole array variable passed as a span.</summary>
internal sealed record LArg(LExpr? Scalar, int Array);

/// <summary>A statement.</summary>
internal abstract record LStmt;

/// <summary><c>Var = Value</c>.</summary>
internal sealed record LAssign(int Var, LExpr Value) : LStmt;

/// <summary><c>Var[Index] = Value</c>.</summary>
internal sealed record LStore(int Var, LExpr Index, LExpr Value) : LStmt;

/// <summary>A local array of <c>Length</c> zeros, outside every loop (a buffer declared in a loop is allocated before the outermost one).</summary>
internal sealed record LAllocate(int Var, LExpr Length) : LStmt;

/// <summary>
/// <c>Target = Call(Args)</c> for a call to a user method (<c>Target</c> is -1 when the value is discarded). A call none
/// of whose arguments is active is passive: it runs as written and is never differentiated.
/// </summary>
internal sealed record LCall(int Target, int Call, EquatableArray<LArg> Args) : LStmt;

internal sealed record LIf(LExpr Condition, EquatableArray<LStmt> Then, EquatableArray<LStmt> Else) : LStmt;

/// <summary>
/// <c>while (Condition) { Body; Step }</c>, or <c>do { Body; Step } while (Condition)</c> when
/// <see cref="TestFirst"/> is false. <see cref="Counter"/> is set for a counted loop (see <see cref="LCounter"/>).
/// </summary>
internal sealed record LLoop(LExpr Condition, EquatableArray<LStmt> Body, EquatableArray<LStmt> Step, bool TestFirst, LCounter? Counter) : LStmt;

/// <summary>
/// A counted loop <c>for (int Var = Start; …; Var += Stride)</c> whose body never assigns <c>Var</c> nor the variables
/// of <c>Start</c>: the reverse sweep runs it backwards from the final counter value and needs no tape.
/// </summary>
internal sealed record LCounter(int Var, LExpr Start, int Stride);
