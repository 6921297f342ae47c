using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Whether a <c>[Differentiable(Hessian = true)]</c> method gets second derivatives, in two parts: what its own body
/// decides (<see cref="OwnObstacle"/>), and the calls whose callees must have second derivatives themselves
/// (<see cref="Calls"/>): through a call <c>y = g(a)</c> the tangent program calls g's pushforward, and reverse mode over
/// it calls g's <c>PushforwardPullback</c>, which g has only when it gets second derivatives too. The call graph puts the
/// two together (<c>Lowering.CallGraph</c>).
/// </summary>
internal static class SecondOrder
{
    /// <summary>Why <paramref name="m"/>'s own body rules out second derivatives, or <see langword="null"/>.</summary>
    public static string? OwnObstacle(MethodModel m)
    {
        if (!m.Parameters.Any(p => p.IsDifferentiable))
        {
            return "it has no differentiable parameter";
        }

        if (m.Loops is null && m.Parameters.Any(p => p.Kind is null || p.IsArray))
        {
            return "it has a parameter of a type SymDiff only passes through, and Hessians are generated for methods over numbers and spans of numbers";
        }

        if (Program(m) is not { } program)
        {
            return null;
        }

        if (program.Result < 0)
        {
            return "it returns its result in a span, and Hessians are generated for methods that return one number";
        }

        var analysis = new LoopAnalysis(program, m.Calls);
        foreach (var call in program.Body.Descendants().OfType<LCall>().Where(analysis.IsActive))
        {
            var callee = m.Calls[call.Call];
            if (callee.ReturnsVoid || callee.Parameters.Any(p => p.IsOutput))
            {
                return $"it calls {callee.MethodName}, which returns its result in a span, and second derivatives through such calls are not generated yet";
            }
        }

        return null;
    }

    /// <summary>The indices (into <see cref="MethodModel.Calls"/>) of the calls whose callees must have second derivatives.</summary>
    public static EquatableArray<int> Calls(MethodModel m) => Program(m) is { } program
        ? new LoopAnalysis(program, m.Calls).ActiveCalls().OrderBy(c => c).ToEquatableArray()
        : EquatableArray<int>.Empty;

    /// <summary>
    /// The program whose tangent program gives <paramref name="m"/>'s second derivatives: its own with loops or spans;
    /// for a body over scalars that calls others, that body as a program (<see cref="Lowering.ScalarProgram"/>); null for
    /// one that calls nothing, whose second derivatives are one fused graph (<c>Emit.HessianEmitter</c>).
    /// </summary>
    public static LoopProgram? Program(MethodModel m) =>
        m.Loops ?? (m.Calls.Length > 0 && m.Parameters.All(p => p.Kind is not null && !p.IsArray) ? Lowering.ScalarProgram.Of(m) : null);

    /// <summary>What a caller's SD0029 says about a call whose callee has no second derivatives.</summary>
    public static string CallObstacle(CallModel callee, bool custom, bool fromSource, bool asks) =>
        custom ? $"it calls {callee.MethodName}, whose derivative is a custom [DerivativeOf] one, and second derivatives through custom derivatives are not generated yet"
        : !fromSource ? $"it calls {callee.MethodName} from another assembly, whose second derivatives are not available here"
        : !asks ? $"it calls {callee.MethodName} with a differentiable argument, and {callee.MethodName} has no second derivatives: mark it [Differentiable(Hessian = true)] too"
        : $"it calls {callee.MethodName}, which gets no second derivatives itself (SD0029 there says why)";
}
