using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// Split-mode calls: which calls reverse mode records instead of recomputing. A call of a callee over scalars that
/// returns a scalar, made through its generated members or a custom <c>[DerivativeOf]</c> pullback, runs that
/// pullback once in the forward sweep, with seed 1: one run gives the value and every partial ∂call/∂p, and the
/// partials of the active arguments are pushed (<see cref="TapingPass"/>). The reverse sweep pops them and multiplies
/// by the call's adjoint (<see cref="AdjointPass"/>) instead of calling the pullback, which would run the callee's
/// forward sweep a second time; a Jacobian's rows then only replay one recording. The scalar back end has always
/// called such callees this way (their fused <c>Gradient</c>, at the call).
/// Other calls keep the pullback in the reverse sweep: callees with <c>[Checkpoint]</c> (which asks for recomputation
/// over storage), over spans, with differentiable parameters of another type than the result, custom pushforwards, and
/// the pushforwards a tangent program calls.
/// </summary>
internal static class RecordedCalls
{
    /// <summary>True when reverse mode records <paramref name="callee"/>'s partials at the call (see the class).</summary>
    public static bool IsRecorded(CallModel callee, ResolvedCall resolved) =>
        !callee.IsPassive
        && !callee.IsCheckpointed
        && callee.Element < 0
        && !callee.ReturnsVoid
        && callee.Parameters.All(p => p.Kind is not null && !p.IsArray && !p.IsOutput && (!p.IsDifferentiable || p.Kind == callee.ReturnKind))
        && (resolved.Strategy == CallStrategy.CustomPullback || resolved == ResolvedCall.Generated(callee));

    /// <summary>True when <paramref name="call"/> of <paramref name="input"/>'s body is recorded (see the class).</summary>
    public static bool IsRecorded(EmitInput input, LCall call) => IsRecorded(input.Method.Calls[call.Call], input.Calls[call.Call]);
}
