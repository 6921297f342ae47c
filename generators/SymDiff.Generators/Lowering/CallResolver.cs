using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>The emitter's input for one method, or the diagnostics that stop it (at its calls or its name, wherever they are now).</summary>
internal sealed record ResolvedMethod(EmitInput? Input, EquatableArray<SiteDiagnostic> Diagnostics);

/// <summary>
/// Decides, for each call in a differentiable body, where its derivative comes from: a user's <c>[DerivativeOf]</c>
/// (preferred, a pullback over a pushforward) or the callee's own generated <c>Gradient</c>.
/// </summary>
internal static class CallResolver
{
    public static ResolvedMethod Resolve(MethodModel method, EquatableArray<CustomDerivativeModel> registry, CallGraph graph)
    {
        var resolved = new List<ResolvedCall>();
        var diagnostics = new List<SiteDiagnostic>();
        var unresolved = false;
        var key = CallGraph.KeyOf(method);
        var recursive = graph.Recursive.FirstOrDefault(r => r.Key == key);
        for (var index = 0; index < method.Calls.Length; index++)
        {
            var call = method.Calls[index];
            var custom = CallGraph.CustomFor(call, registry);
            if (call.IsPassive)
            {
                resolved.Add(ResolvedCall.Passive(call));
            }
            else if (custom is not null)
            {
                resolved.Add(ResolvedCall.Custom(custom));
            }
            else if (call.IsDifferentiable)
            {
                // The callee's generated members exist only if SymDiff accepted it; otherwise this call would not compile.
                if (call.SourceKey is { } callee && !graph.IsAccepted(callee))
                {
                    diagnostics.Add(recursive is not null && graph.Recursive.FirstOrDefault(r => r.Key == callee)?.Component == recursive.Component
                        ? SiteDiagnostic.AtCall(DiagnosticDescriptors.RecursiveCall, key, index, method.Name, "the cycle " + recursive.Cycle)
                        : SiteDiagnostic.AtCall(DiagnosticDescriptors.CallToRejectedMethod, key, index, call.MethodName, method.Name));
                }

                resolved.Add(ResolvedCall.Generated(call));
            }
            else
            {
                // No derivative anywhere: the analyzer reports SD0007 at the call; emit nothing that would call one.
                unresolved = true;
            }
        }

        return diagnostics.Count > 0 || unresolved
            ? new ResolvedMethod(null, diagnostics.ToEquatableArray())
            : new ResolvedMethod(
                new EmitInput(method, resolved.ToEquatableArray())
                {
                    KernelBlockingCall = KernelCalls.FirstBlocking(method, registry, graph),
                    HessianObstacle = graph.HessianObstacle(method, registry),
                },
                EquatableArray<SiteDiagnostic>.Empty);
    }
}
