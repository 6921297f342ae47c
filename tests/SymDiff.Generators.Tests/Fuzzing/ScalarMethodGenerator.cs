namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// Scalar methods: locals, compound assignments, <c>if</c>/<c>else</c>, <c>?:</c> and early returns on
/// differentiable values, <c>++</c>, calls, <c>[NoDerivative]</c>, <c>int</c> and <c>bool</c> parameters.
/// </summary>
internal sealed class ScalarMethodGenerator(ExpressionGenerator expressions, Random? precision = null)
{
    private FuzzProfile Profile => expressions.Profile;

    public MethodSpec Generate(string name)
    {
        var parameters = Parameters();
        var scope = new Scope();
        foreach (var p in parameters)
        {
            // A parameter of the other precision is read converted to the method's (and never assigned).
            (p.Kind switch { ParamKind.Int => scope.Ints, ParamKind.Bool => scope.Bools, _ => scope.Reals }).Add(p.Other ? Naming.Converted(p.Name) : p.Name);
            if (p.Kind == ParamKind.RealConstant) scope.Constants.Add(p.Name);
        }

        string text;
        if (expressions.Chance(0.2))
        {
            text = Naming.Signature("ℝ", name, parameters) + " => " + Expression(scope, 3) + ";\n";
        }
        else
        {
            var body = new BodyWriter();
            var locals = new List<string>();
            var count = expressions.Random.Next(1, 7);
            for (var i = 0; i < count; i++)
            {
                Statement(body, scope, locals, nesting: 0);
            }

            string? localFunction = null;
            if (Profile.LocalFunctions && expressions.Chance(0.2))
            {
                // A static local function of one value, declared after the return, called once before it.
                var helper = body.Fresh("Local");
                var argument = new Scope();
                argument.Reals.Add("v");
                localFunction = $"static ℝ {helper}(ℝ v) => {expressions.Real(argument, 2)} + v;";
                var local = body.Fresh("t");
                body.Line($"ℝ {local} = {helper}({Expression(scope, 2)});");
                scope.Reals.Add(local);
            }

            string? helperMethod = null;
            if (Profile.Helpers && locals.Count > 0 && expressions.Chance(0.25))
            {
                // A helper with a ref parameter, inlined at the call: a method of the class or a local function.
                var values = new Scope();
                values.Reals.AddRange(["s", "v"]);
                var update = $"s += {expressions.Real(values, 2)};";
                var target = expressions.Pick(locals);
                if (Profile.LocalFunctions && expressions.Chance(0.5))
                {
                    var helper = body.Fresh("Acc");
                    localFunction = (localFunction is null ? string.Empty : localFunction + "\n") + $"static void {helper}(ref ℝ s, ℝ v) {{ {update} }}";
                    body.Line($"{helper}(ref {target}, {Expression(scope, 2)});");
                }
                else
                {
                    helperMethod = $"\n    static void {name}Acc(ref ℝ s, ℝ v)\n    {{\n        {update}\n    }}\n";
                    body.Line($"{name}Acc(ref {target}, {Expression(scope, 2)});");
                }
            }

            body.Line($"return {Expression(scope, 3)};");
            if (localFunction is not null)
            {
                body.Line(localFunction);
            }

            text = Naming.Signature("ℝ", name, parameters) + "\n    {\n" + body + "    }\n" + helperMethod;
        }

        // Second derivatives where they are generated: a body that calls only methods that have them too.
        var hessian = Profile.Hessians && CallsOnlyMethodsWithHessians(text, name, expressions.Callees) && expressions.Chance(HessianChance(text));
        return new MethodSpec(name, MethodKind.Scalar, parameters, $"[{Attribute(name, Profile.VectorForward && expressions.Chance(0.3), hessian)}]", text);
    }

    /// <summary>
    /// How often a method whose calls allow second derivatives asks for them: three times in ten, nine in ten when it
    /// calls a method with a custom derivative (second derivatives through those differentiate the user's derivative,
    /// a path few programs would reach otherwise).
    /// </summary>
    public static double HessianChance(string text) => CustomCall.IsMatch(text) ? 0.9 : 0.3;

    private static readonly System.Text.RegularExpressions.Regex CustomCall = new(@"\bCu\d+\(", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// <c>Differentiable</c> with the members asked for: <c>Inline = false</c> (first), <c>PushforwardN = true</c>,
    /// <c>Hessian = true</c> (last, as tests look for it). One method in three, by its number (so the random stream
    /// and every other choice stay as they were), keeps its calls calls: small callees are otherwise inlined into
    /// methods with loops, and the calls through generated pullbacks must stay tested.
    /// </summary>
    public static string Attribute(string name, bool pushforwardN, bool hessian)
    {
        var keepsCalls = int.TryParse(new string(name.Where(char.IsDigit).ToArray()), out var number) && number % 3 == 0;
        var asked = new[] { keepsCalls ? "Inline = false" : null, pushforwardN ? "PushforwardN = true" : null, hessian ? "Hessian = true" : null }.Where(a => a is not null).ToList();
        return asked.Count == 0 ? "Differentiable" : $"Differentiable({string.Join(", ", asked)})";
    }

    /// <summary>
    /// True when every method <paramref name="text"/> calls, other than <paramref name="name"/> itself, asks for second
    /// derivatives (and so has them: the generators ask only where they are generated) or has a custom derivative
    /// (every one the generator writes is a formula SymDiff differentiates again), which second derivatives call through.
    /// </summary>
    public static bool CallsOnlyMethodsWithHessians(string text, string name, IReadOnlyList<MethodSpec> callees) =>
        CallPattern.Matches(text).Select(c => c.Value.TrimEnd('(')).Where(c => c != name)
            .All(c => callees.FirstOrDefault(m => m.Name == c) is { } callee
                && (callee.Kind == MethodKind.CustomTarget || callee.Attributes.Contains("Hessian = true", StringComparison.Ordinal)));

    /// <summary>A call of a generated method (S3, L1, V2, Cu0), or the method's own name in its signature.</summary>
    private static readonly System.Text.RegularExpressions.Regex CallPattern = new(@"\b(?:S|L|V|Cu)\d+\(", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private List<Param> Parameters()
    {
        var list = new List<Param>();
        var reals = expressions.Random.Next(1, 4);
        for (var i = 0; i < reals; i++)
        {
            list.Add(new Param($"{"xyzw"[i]}{i}", ParamKind.Real));
        }

        if (Profile.BroadcastParameters && reals > 1 && expressions.Chance(0.25))
        {
            // One value for every element of the batched kernels, its adjoint summed over them; at least one real stays a span.
            var shared = expressions.Random.Next(reals);
            list[shared] = list[shared] with { Broadcast = true };
        }

        if (Profile.MixedPrecision && precision is not null && precision.Next(4) == 0)
        {
            // Drawn from a random of its own, so every other choice of the seed stays as it was.
            var other = precision.Next(reals);
            list[other] = list[other] with { Other = true };
        }

        if (expressions.Chance(0.25)) list.Insert(expressions.Random.Next(list.Count + 1), new Param("c" + list.Count, ParamKind.RealConstant));
        if (expressions.Chance(0.2)) list.Insert(expressions.Random.Next(list.Count + 1), new Param("n" + list.Count, ParamKind.Int));
        if (expressions.Chance(0.15) && Profile.Branches) list.Add(new Param("f" + list.Count, ParamKind.Bool));
        return list;
    }

    /// <summary>A real expression that reads a variable (a constant one would make conditions constant: CS0162).</summary>
    private string Expression(Scope scope, int depth)
    {
        var e = expressions.Real(scope, depth);
        return Naming.ReadsVariable(e, scope) ? e : $"({e} + {expressions.Pick(scope.Reals)})";
    }

    private void Statement(BodyWriter body, Scope scope, List<string> locals, int nesting)
    {
        var choice = expressions.Random.Next(10);
        if (choice < 3 || locals.Count == 0)
        {
            var local = body.Fresh("t");
            body.Line($"ℝ {local} = {Expression(scope, 2)};");
            locals.Add(local);
            scope.Reals.Add(local);
            return;
        }

        var target = expressions.Chance(0.1) ? expressions.Pick(scope.Reals.Where(r => !locals.Contains(r) && !Naming.IsConverted(r)).DefaultIfEmpty(locals[0]).ToList()) : expressions.Pick(locals);
        if (choice < 7 && Profile.Tuples && locals.Count >= 2 && expressions.Chance(0.15))
        {
            // Both values are taken before either is assigned.
            var other = expressions.Pick(locals.Where(l => l != target).ToList());
            body.Line($"({target}, {other}) = ({NotItself(target, Expression(scope, 2))}, {NotItself(other, Expression(scope, 2))});");
            return;
        }

        if (choice < 7 || !Profile.Branches || nesting > 1)
        {
            body.Line(Assignment(target, scope));
            return;
        }

        if (choice == 9 && Profile.Switches && expressions.Chance(0.5))
        {
            Switch(body, scope, locals, nesting, target);
            return;
        }

        if (choice == 7)
        {
            var arm = scope.Clone();
            arm.InBranch = true;
            body.Line($"if ({expressions.Condition(scope, 1)}) return {Expression(arm, 2)};");

            // The generator moves the rest of the block into the else branch: later calls are calls in a branch.
            scope.InBranch = true;
            return;
        }

        var condition = expressions.Condition(scope, 1);
        var branch = scope.Clone();
        branch.InBranch = true;
        var returned = false;
        body.Block($"if ({condition})", () => returned = Branch(body, branch.Clone(), locals, nesting, allowReturn: true));
        if (expressions.Chance(0.6))
        {
            // Both arms returning would make the rest of the body unreachable (CS0162 in the user's code).
            body.Block("else", () => Branch(body, branch.Clone(), locals, nesting, allowReturn: !returned));
        }
    }

    /// <summary>A branch: statements on a copy of the scope (its own declarations end with it), maybe a return.</summary>
    private bool Branch(BodyWriter body, Scope scope, List<string> outerLocals, int nesting, bool allowReturn)
    {
        var locals = new List<string>(outerLocals);
        var count = expressions.Random.Next(1, 3);
        for (var i = 0; i < count; i++)
        {
            Statement(body, scope, locals, nesting + 1);
        }

        if (allowReturn && expressions.Chance(0.2))
        {
            body.Line($"return {Expression(scope, 2)};");
            return true;
        }

        return false;
    }

    /// <summary>
    /// A switch: on an int parameter (constant labels, two on one section) or on a real (relational patterns), or a
    /// switch expression assigned to <paramref name="target"/> (relational arms, or arms naming the value with <c>var g</c>). Only the first section may return, so the statements
    /// after the switch stay reachable.
    /// </summary>
    private void Switch(BodyWriter body, Scope scope, List<string> locals, int nesting, string target)
    {
        var onInt = scope.Ints.Count > 0 && expressions.Chance(0.4);
        var governing = onInt ? expressions.Pick(scope.Ints) : Expression(scope, 1);
        if (!onInt && expressions.Chance(0.35))
        {
            if (expressions.Chance(0.4))
            {
                // Arms that name the value (var g when g < …) and read it, the last a catch-all declaration.
                var g = body.Fresh("g");
                var named = scope.Clone();
                named.Reals.Add(g);
                body.Line($"{target} = {governing} switch {{ var {g} when {g} < {LowBound()} => {Expression(named, 2)}, var {g} => {Expression(named, 2)} }};");
                return;
            }

            body.Line($"{target} = {governing} switch {{ < {LowBound()} => {Expression(scope, 2)}, >= 0.5ʳ and < 2.0ʳ => {Expression(scope, 2)}, _ => {Expression(scope, 2)} }};");
            return;
        }

        var labels = onInt
            ? new[] { new[] { "case 0:" }, new[] { "case 1:", "case 2:" }, new[] { "default:" } }
            : new[] { new[] { $"case < {LowBound()}:" }, new[] { "case > 1.0ʳ and < 3.0ʳ:" }, new[] { "default:" } };
        var sections = expressions.Chance(0.3) ? labels.Take(2).ToArray() : labels;
        var branch = scope.Clone();
        branch.InBranch = true;
        body.Block($"switch ({governing})", () =>
        {
            for (var k = 0; k < sections.Length; k++)
            {
                foreach (var label in sections[k].Take(sections[k].Length - 1))
                {
                    body.Line(label);
                }

                var returned = false;
                body.Block(sections[k][sections[k].Length - 1], () =>
                {
                    returned = Branch(body, branch.Clone(), locals, nesting, allowReturn: k == 0);
                    if (!returned)
                    {
                        body.Line("break;");
                    }
                });
            }
        });

        // Statements after a switch that may return run in a branch (the generator tail-duplicates them).
        scope.InBranch = true;
    }

    /// <summary>The bound of a first relational label: at most 0.5, so the labels after it stay reachable (CS8120, CS8510).</summary>
    private string LowBound() => expressions.Pick(new[] { "0.25ʳ", "0.5ʳ", "(-0.5ʳ)", "(-1.5ʳ)" });

    /// <summary><paramref name="e"/>, unless it is <paramref name="target"/> itself (CS1717).</summary>
    public static string NotItself(string target, string e) => e == target ? $"{e} * 0.5ʳ" : e;

    private string Assignment(string target, Scope scope)
    {
        var e = expressions.Real(scope, 2);
        if (!Profile.ConstantUpdates && !Naming.ReadsActive(e, scope)) e = $"({e} + {target})";
        return expressions.Random.Next(Profile.EmbeddedAssignments ? 10 : 8) switch
        {
            8 => $"{target} = {Expression(scope, 1)} * ({target} = {NotItself(target, e)});",
            9 => $"{target} += {target}++ * {e};",
            0 => $"{target} += {e};",
            1 => $"{target} -= {e};",
            2 => $"{target} *= 𝕄.Cos({e});",
            3 => $"{target} /= 1.5ʳ + {e} * {e};",
            4 => expressions.Chance(0.5) ? $"{target}++;" : $"{target}--;",
            5 when Profile.ZeroDerivativeFunctions => $"{target} *= {target};",
            7 when Profile.ConstantResets && expressions.Chance(0.4) => $"{target} = {expressions.Literal()};",
            _ => $"{target} = {NotItself(target, Expression(scope, 2))};",
        };
    }
}
