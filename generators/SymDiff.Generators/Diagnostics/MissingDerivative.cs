using SymDiff.Generators.Model;

namespace SymDiff.Generators.Diagnostics;

/// <summary>
/// SD0007 for a call that needs a derivative and has none, with advice that fits the callee: a method of this project
/// can be marked <c>[Differentiable]</c>; one from a referenced assembly (the .NET libraries included) cannot, and
/// gets a <c>[DerivativeOf(typeof(…), nameof(…))]</c> derivative instead, or the spelling SymDiff supports.
/// </summary>
internal static class MissingDerivative
{
    public static DiagnosticInfo Create(CallModel call, LocationInfo site, string callerName, string callerTypeName)
    {
        var inSource = call.SourceKey is not null;
        var callee = inSource ? call.MethodName : MathSpellings.Display(call.TypeName, call.MethodName);
        var target = call.TypeName == callerTypeName
            ? $"nameof({call.MethodName})"
            : $"typeof({TypeOf(call.TypeName)}), nameof({TypeOf(call.TypeName)}.{call.MethodName})";
        var advice = inSource
            ? $"Mark '{callee}' [Differentiable], supply its derivative with [DerivativeOf({target})], or pass its result in as a [NoDerivative] parameter."
            : $"'{callee}' is declared in a referenced assembly, not in this project, so it cannot be marked [Differentiable]: "
              + (MathSpellings.Advice(call.TypeName, call.MethodName, call.Parameters.Length) is { } spelling ? spelling + ", or " : string.Empty)
              + $"supply its derivative with [DerivativeOf({target})] on a pullback or pushforward of your own (README: custom derivatives), or pass its result in as a [NoDerivative] parameter.";
        return DiagnosticInfo.Create(DiagnosticDescriptors.NonDifferentiableCall, site, callee, callerName, advice);
    }

    /// <summary>A type as <c>typeof</c> takes it: the math types short (<c>Math</c>, <c>double</c>), others fully qualified.</summary>
    private static string TypeOf(string typeName) => MathSpellings.IsMathType(typeName)
        ? MathSpellings.Display(typeName, string.Empty).TrimEnd('.')
        : typeName.Replace("global::", string.Empty);
}
