using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// What a <c>[Differentiable(Hessian = true)]</c> method's own body says about its second derivatives
/// (<see cref="Obstacle"/>: why it rules them out, or null), and the calls whose callees must have second derivatives
/// themselves (<see cref="Calls"/>, indices into <see cref="MethodModel.Calls"/>): through a call <c>y = g(a)</c> the
/// tangent program calls g's pushforward, and reverse mode over it calls g's <c>PushforwardPullback</c>, which g has only
/// when it gets second derivatives too. The call graph puts the two together (<c>Lowering.CallGraph</c>).
/// </summary>
internal sealed record SecondOrder(string? Obstacle, EquatableArray<int> Calls)
{
    private static SecondOrder Ruled(string obstacle) => new(obstacle, EquatableArray<int>.Empty);

    /// <summary>The facts of <paramref name="m"/>'s body: one program and one analysis of it.</summary>
    public static SecondOrder Of(MethodModel m)
    {
        if (!m.Parameters.Any(p => p.IsDifferentiable))
        {
            return Ruled("it has no differentiable parameter");
        }

        if (m.Loops is null && m.Parameters.Any(p => p.Kind is null || p.IsArray))
        {
            return Ruled("it has a parameter of a type SymDiff only passes through, and Hessians are generated for methods over numbers and spans of numbers");
        }

        if (Program(m) is not { } program)
        {
            return new SecondOrder(null, EquatableArray<int>.Empty);
        }

        if (program.Result < 0)
        {
            return Ruled("it returns its result in a span, and Hessians are generated for methods that return one number");
        }

        var analysis = new LoopAnalysis(program, m.Calls);
        var active = program.Body.Descendants().OfType<LCall>().Where(analysis.IsActive).ToList();
        if (active.Select(c => m.Calls[c.Call]).FirstOrDefault(callee => callee.ReturnsVoid || callee.Parameters.Any(p => p.IsOutput)) is { } vector)
        {
            return Ruled($"it calls {vector.MethodName}, which returns its result in a span, and second derivatives through such calls are not generated yet");
        }

        return new SecondOrder(null, active.Select(c => c.Call).Distinct().OrderBy(c => c).ToEquatableArray());
    }

    /// <summary>
    /// The program whose tangent program gives <paramref name="m"/>'s second derivatives: its own with loops or spans;
    /// for a body over scalars that calls others, that body's program without loops (<see cref="ScalarBody.Program"/>); null for
    /// one that calls nothing, whose second derivatives are its island's, built with a lane of tangents (<c>Emit.MemberEmitter.SecondOrderOfBody</c>).
    /// </summary>
    public static LoopProgram? Program(MethodModel m) =>
        m.Loops ?? (m.Calls.Length > 0 && m.Parameters.All(p => p.Kind is not null && !p.IsArray) ? m.Scalar!.Program : null);

    /// <summary>What a caller's SD0029 says about a call whose custom derivative SymDiff cannot differentiate again.</summary>
    public static string CustomObstacle(CallModel callee) =>
        $"it calls {callee.MethodName}, and {callee.CustomTangentObstacle ?? "its custom [DerivativeOf] derivative cannot be differentiated"}";

    /// <summary>What a caller's SD0029 says about a call whose callee has no second derivatives.</summary>
    public static string CallObstacle(CallModel callee, bool fromSource, bool asks) =>
        !fromSource ? $"it calls {callee.MethodName} from another assembly, whose second derivatives are not available here"
        : !asks ? $"it calls {callee.MethodName} with a differentiable argument, and {callee.MethodName} has no second derivatives: mark it [Differentiable(Hessian = true)] too"
        : $"it calls {callee.MethodName}, which gets no second derivatives itself (SD0029 there says why)";
}
