using Microsoft.CodeAnalysis;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Diagnostics;

/// <summary>A diagnostic as plain data, so it can travel through the cached pipeline.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Select(a => (object?)a).ToArray());
}
