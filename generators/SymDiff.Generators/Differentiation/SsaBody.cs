using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

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

/// <summary>A body of scalars in SSA form (<see cref="ScalarIsland"/>): its statements and the value it returns.</summary>
internal sealed record SsaBody(EquatableArray<Stmt> Statements, int Result);
