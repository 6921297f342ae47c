using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The inverse of <see cref="ScalarIsland"/>: a body of scalars in SSA form as a program without loops again, for the
/// passes that work on programs (<c>PushforwardN</c>, the tangent program of second derivatives through calls). Each SSA
/// value is a variable assigned once, a phi is a variable each arm of its branch assigns, and a value used once (or a
/// constant, or a parameter) is written where it is used, so the statements are the user's expressions again rather than
/// one operation each. It is not the body's own program (<see cref="ScalarBody.Program"/>): SSA form has already dropped
/// what reaches nothing, assigns no parameter, and folded the constants locals held, which the loop path's passes, run
/// on the body's program, would print as tangents never read (CS0219).
/// </summary>
internal sealed class ScalarProgram
{
    private readonly List<LoopVar> _vars = new();
    private readonly Dictionary<int, int> _uses = new();
    private readonly Dictionary<int, int> _parameters = new();
    private readonly Dictionary<int, int> _variables = new();
    private readonly Dictionary<int, LExpr> _inline = new();

    /// <summary>
    /// The program of <paramref name="method"/>'s scalar body. A parameter of a type the body only passes through (no
    /// scalar kind) gets no variable: a scalar body never reads one.
    /// </summary>
    public static LoopProgram Of(MethodModel method)
    {
        var body = ScalarIsland.Of(method);
        var program = new ScalarProgram();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var p = method.Parameters[i];
            if (p.Kind is { } kind)
            {
                program._parameters[i] = program.Add(p.Name, kind, VarOrigin.Parameter, i, p.IsDifferentiable);
            }
        }

        program.Count(body.Statements);
        Use(program._uses, body.Result);
        var statements = program.Statements(body.Statements);
        var result = program.Add("value", method.ReturnKind, VarOrigin.Local, -1, differentiable: false, temporary: true);
        statements.Add(new LAssign(result, program.Expression(body.Result)));
        return DeadStores.Remove(new LoopProgram(program._vars.ToEquatableArray(), statements.ToEquatableArray(), result));
    }

    private int Add(string name, ScalarKind type, VarOrigin origin, int parameter, bool differentiable, bool temporary = false)
    {
        var id = _vars.Count;
        _vars.Add(new LoopVar(id, name, type, IsArray: false, origin, parameter, IsOutput: false, differentiable, temporary));
        return id;
    }

    private static void Use(Dictionary<int, int> uses, int value) => uses[value] = uses.TryGetValue(value, out var n) ? n + 1 : 1;

    private void Count(EquatableArray<Stmt> statements)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case Let let:
                    foreach (var arg in let.Instr.Args)
                    {
                        Use(_uses, arg);
                    }

                    break;
                case IfStmt branch:
                    Use(_uses, branch.Condition);
                    Count(branch.Then);
                    Count(branch.Else);
                    foreach (var phi in branch.Phis)
                    {
                        Use(_uses, phi.ThenValue);
                        Use(_uses, phi.ElseValue);
                    }

                    break;
            }
        }
    }

    private List<LStmt> Statements(EquatableArray<Stmt> statements)
    {
        var output = new List<LStmt>();
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case Let { Instr: var instr }:
                    Define(instr, output);
                    break;
                case IfStmt branch:
                    {
                        var condition = Expression(branch.Condition);
                        var phis = branch.Phis.Select(phi => (phi, Variable: Add(phi.Name ?? "v", phi.Type, VarOrigin.Local, -1, differentiable: false, temporary: phi.Name is null))).ToList();
                        if (ConstantFold.Truth(condition) is { } taken)
                        {
                            // A constant written where it is read can make the condition a C# constant (1f > 0.5f): the
                            // taken arm alone, or C# calls the other unreachable (CS0162) and what only it reads unused.
                            output.AddRange(Statements(taken ? branch.Then : branch.Else));
                            foreach (var (phi, variable) in phis)
                            {
                                output.Add(new LAssign(variable, Expression(taken ? phi.ThenValue : phi.ElseValue)));
                                _variables[phi.Id] = variable;
                            }

                            break;
                        }

                        var then = Statements(branch.Then);
                        var @else = Statements(branch.Else);
                        foreach (var (phi, variable) in phis)
                        {
                            then.Add(new LAssign(variable, Expression(phi.ThenValue)));
                            @else.Add(new LAssign(variable, Expression(phi.ElseValue)));
                            _variables[phi.Id] = variable;
                        }

                        output.Add(new LIf(condition, then.ToEquatableArray(), @else.ToEquatableArray()));
                        break;
                    }
            }
        }

        return output;
    }

    /// <summary>A value: written where it is used (a constant, a parameter, an operation used once), or into a variable.</summary>
    private void Define(Instr instr, List<LStmt> output)
    {
        switch (instr.Op)
        {
            case Op.Const:
                _inline[instr.Id] = new LConst(instr.Type, instr.Value);
                return;
            case Op.Param:
                _inline[instr.Id] = new LRead(instr.Type, _parameters[(int)instr.Value]);
                return;
            case Op.Call:
                {
                    var variable = Add(instr.Name ?? "v", instr.Type, VarOrigin.Local, -1, differentiable: false, temporary: instr.Name is null);
                    output.Add(new LCall(variable, instr.Call, instr.Args.Select(a => new LArg(Expression(a), -1)).ToEquatableArray()));
                    _variables[instr.Id] = variable;
                    return;
                }
        }

        var value = new LApply(instr.Type, instr.Op, instr.Args.Select(Expression).ToEquatableArray());
        if (_uses.TryGetValue(instr.Id, out var uses) && uses == 1)
        {
            _inline[instr.Id] = value;
            return;
        }

        var assigned = Add(instr.Name ?? "v", instr.Type, VarOrigin.Local, -1, differentiable: false, temporary: instr.Name is null);
        output.Add(new LAssign(assigned, value));
        _variables[instr.Id] = assigned;
    }

    private LExpr Expression(int value) =>
        _inline.TryGetValue(value, out var expression) ? expression
        : _variables.TryGetValue(value, out var variable) ? new LRead(_vars[variable].Type, variable)
        : throw new InvalidOperationException($"ScalarProgram: value {value} is used before it is defined");
}
