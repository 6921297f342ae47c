using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>The emitter's input for one method, or the diagnostics that stop it.</summary>
internal sealed record ResolvedMethod(EmitInput? Input, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Decides, for each call in a differentiable body, where its derivative comes from: a user's <c>[DerivativeOf]</c>
/// (preferred, a pullback over a pushforward) or the callee's own generated <c>Gradient</c>.
/// </summary>
internal static class CallResolver
{
    public static ResolvedMethod Resolve(MethodModel method, EquatableArray<CustomDerivativeModel> registry)
    {
        var resolved = new List<ResolvedCall>();
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var call in method.Calls)
        {
            var kinds = string.Join(",", call.Parameters.Select(p => p.Kind?.ToString() ?? "Other"));
            var custom = registry
                .Where(c => c.TargetTypeName == call.TypeName && c.TargetName == call.MethodName && c.TargetParameterKinds == kinds)
                .OrderBy(c => c.Strategy == CallStrategy.CustomPullback ? 0 : 1)
                .FirstOrDefault();
            if (call.IsPassive)
            {
                resolved.Add(new ResolvedCall(CallStrategy.Gradient, call.TypeName, call.MethodName));
            }
            else if (custom is not null)
            {
                resolved.Add(new ResolvedCall(custom.Strategy, custom.DerivativeTypeName, custom.DerivativeName));
            }
            else if (call.IsDifferentiable)
            {
                resolved.Add(new ResolvedCall(CallStrategy.Gradient, call.TypeName, call.MethodName + "Gradient"));
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonDifferentiableCall, call.Location, call.MethodName, method.Name, call.MethodName));
                resolved.Add(new ResolvedCall(CallStrategy.Gradient, call.TypeName, call.MethodName));
            }
        }

        return diagnostics.Count > 0
            ? new ResolvedMethod(null, diagnostics.ToEquatableArray())
            : new ResolvedMethod(new EmitInput(method, resolved.ToEquatableArray()), EquatableArray<DiagnosticInfo>.Empty);
    }
}
