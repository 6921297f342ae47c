using Microsoft.CodeAnalysis;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Diagnostics;

/// <summary>
/// A diagnostic the generator reports on a method (its name) or on one of its calls, held by the method's key and the
/// call's number instead of a location: the values that carry it through the cached pipeline then stay equal when the
/// method only moves, and the location is looked up in <see cref="SourceSites"/> when the diagnostic is reported, so it
/// is always where the method is now.
/// </summary>
/// <param name="Descriptor">What is reported.</param>
/// <param name="Method">The method's key (<see cref="Lowering.CallGraph.KeyOf(MethodModel)"/>).</param>
/// <param name="Call">The call's index in <see cref="MethodModel.Calls"/>, or <see cref="OnName"/>.</param>
/// <param name="Arguments">The message's arguments.</param>
internal sealed record SiteDiagnostic(DiagnosticDescriptor Descriptor, string Method, int Call, EquatableArray<string> Arguments)
{
    /// <summary>The <see cref="Call"/> of a diagnostic on the method's name.</summary>
    public const int OnName = -1;

    public static SiteDiagnostic AtName(DiagnosticDescriptor descriptor, string method, params string[] arguments) =>
        new(descriptor, method, OnName, arguments.ToEquatableArray());

    public static SiteDiagnostic AtCall(DiagnosticDescriptor descriptor, string method, int call, params string[] arguments) =>
        new(descriptor, method, call, arguments.ToEquatableArray());

    /// <summary>This diagnostic where <paramref name="sites"/> say its method or call is now.</summary>
    public DiagnosticInfo Locate(SourceSites sites) => new(Descriptor, sites.Find(Method, Call), Arguments);
}
