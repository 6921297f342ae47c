using Microsoft.CodeAnalysis;
using SymDiff.Generators.Diagnostics;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>One method's generated members as C# overload resolution tells them apart: name and parameter types.</summary>
/// <param name="TypeName">The containing type, fully qualified.</param>
/// <param name="Method">The primal as messages show it, <c>Ov(double, double)</c>.</param>
/// <param name="Key">The primal's key in the call graph, which identifies it in the pipeline (and its name's location in <see cref="SourceSites"/>).</param>
/// <param name="Members">Its generated members' signatures, <c>OvGradient(double, double, ref double, ref double)</c>.</param>
internal sealed record MemberSignatures(string TypeName, string Method, string Key, EquatableArray<string> Members);

/// <summary>
/// Generated members that would collide with other members of the type (CS0111, CS0102): the same name and parameter
/// types (C# cannot overload on <c>ref</c> against <c>out</c>, nor on return types). Two overloads can generate the same
/// member — <c>Ov(double x, double y)</c> and <c>Ov(double x, [NoDerivative] double y, [NoDerivative] double z)</c> both
/// get <c>OvPushforward(double, double, double)</c> — and a user's own member can have a generated member's signature.
/// Either way SD0021 goes on the user's member or the later overload, and that method gets nothing generated.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>
    /// The signatures of everything the emitters generate for <paramref name="m"/>: names and parameter types with their
    /// passing modes, as their parameter lists have them (MethodEmitter, MemberEmitter, BatchEmitter);
    /// <c>GeneratedMemberCollisionTests</c> checks them against what is generated.
    /// </summary>
    public static IEnumerable<string> Of(MethodModel m) => FirstOrder(m).Concat(VectorForward(m)).Concat(SecondOrder(m));

    /// <summary><c>{F}PushforwardN</c>, where the method gets it: direction count, tangent spans, output tangent spans, the value's tangents.</summary>
    private static IEnumerable<string> VectorForward(MethodModel m)
    {
        if (!m.HasPushforwardN)
        {
            yield break;
        }

        string Element(ParamModel p) => Names.TypeKeyword(p.Kind!.Value);
        var extra = new List<string> { "int" };
        extra.AddRange(m.Parameters.Where(p => p.IsDifferentiable && !p.IsOutput).Select(p => $"global::System.ReadOnlySpan<{Element(p)}>"));
        extra.AddRange(m.Parameters.Where(p => p.IsOutput && p.Kind is ScalarKind.Double or ScalarKind.Float).Select(p => $"global::System.Span<{Element(p)}>"));
        if (m.Loops is not { Result: < 0 })
        {
            extra.Add($"global::System.Span<{Names.TypeKeyword(m.ReturnKind)}>");
        }

        yield return $"{Names.PushforwardN(m.Name)}({string.Join(", ", m.Parameters.Select(p => p.TypeName).Concat(extra))})";
    }

    /// <summary>
    /// The members <c>[Differentiable(Hessian = true)]</c> adds (whether or not SD0029 then stops them): H·t, the dense
    /// Hessian, <c>PushforwardPullback</c>, and the private pullback of H·t where the tangent program gives them.
    /// </summary>
    private static IEnumerable<string> SecondOrder(MethodModel m)
    {
        if (!m.Hessian || m.Loops is { Result: < 0 })
        {
            yield break;
        }

        var primal = m.Parameters.Select(p => p.TypeName).ToList();
        var type = Names.TypeKeyword(m.ReturnKind);
        var inputs = m.Parameters.Where(p => p.IsDifferentiable && !p.IsOutput && p.Kind is not null).ToList();
        string Element(ParamModel p) => Names.TypeKeyword(p.Kind!.Value);
        var tangents = inputs.Select(p => p.IsArray ? $"global::System.ReadOnlySpan<{Element(p)}>" : Element(p)).ToList();
        var outputs = inputs.Select(p => p.IsArray ? $"global::System.Span<{Element(p)}>" : "ref " + Element(p)).ToList();
        var products = inputs.Select(p => p.IsArray ? $"global::System.Span<{Element(p)}>" : "out " + Element(p));
        string Member(string name, IEnumerable<string> extra) => $"{name}({string.Join(", ", primal.Concat(extra))})";

        yield return Member(Names.HessianVectorProduct(m.Name), tangents.Concat(products));
        yield return Member(Names.Hessian(m.Name), new[] { $"global::System.Span<{type}>" });
        yield return Member(Names.PushforwardPullback(m.Name), tangents.Append(type).Concat(outputs).Concat(outputs));
        if (m.Loops is not null || m.Calls.Length > 0)
        {
            yield return Member(Names.HessianVectorProduct(m.Name) + Names.PullbackSuffix, tangents.Append(type).Concat(outputs));
        }
    }

    private static IEnumerable<string> FirstOrder(MethodModel m)
    {
        var primal = m.Parameters.Select(p => p.TypeName).ToList();
        var type = Names.TypeKeyword(m.ReturnKind);
        string Element(ParamModel p) => Names.TypeKeyword(p.Kind!.Value);
        IEnumerable<string> Member(string suffix, IEnumerable<string> extra) => new[] { $"{m.Name}{suffix}({string.Join(", ", primal.Concat(extra))})" };

        if (m.Loops is null)
        {
            var differentiable = m.Parameters.Where(p => p.IsDifferentiable).ToList();
            var members = Member(Names.GradientSuffix, differentiable.Select(p => "out " + Element(p)))
                .Concat(Member(Names.PullbackSuffix, differentiable.Select(p => "ref " + Element(p)).Prepend(type)))
                .Concat(Member(Names.PushforwardSuffix, differentiable.Select(Element)));
            if (!m.HasKernels)
            {
                return members;
            }

            var inputs = m.Parameters.Select(p => p.IsBatchSpan ? $"global::System.ReadOnlySpan<{Element(p)}>" : p.TypeName).ToList();
            var batch = inputs.Append($"global::System.Span<{type}>").ToList();
            var pullbackBatch = inputs.Append($"global::System.ReadOnlySpan<{type}>")
                .Concat(differentiable.Select(p => p.IsBroadcast ? "out " + Element(p) : $"global::System.Span<{Element(p)}>")).ToList();
            return members.Concat(new[]
            {
                $"{Names.Batch(m.Name)}({string.Join(", ", batch)})",
                $"{m.Name}BatchParallel({string.Join(", ", batch)})",
                $"{Names.PullbackBatch(m.Name)}({string.Join(", ", pullbackBatch)})",
                $"{m.Name}{Names.PullbackBatchParallelSuffix}({string.Join(", ", pullbackBatch)})",
            });
        }

        var scalarResult = m.Loops.Result >= 0;
        var inputsToDifferentiate = m.Parameters.Where(p => p.IsDifferentiable && !p.IsOutput).ToList();
        var outputs = m.Parameters.Where(p => p.IsOutput && p.Kind is ScalarKind.Double or ScalarKind.Float).ToList();
        var adjoints = inputsToDifferentiate.Select(p => p.IsArray ? $"global::System.Span<{Element(p)}>" : "ref " + Element(p)).ToList();
        var loopMembers = Member(Names.PullbackSuffix, (scalarResult ? new[] { type } : outputs.Select(o => $"global::System.ReadOnlySpan<{Element(o)}>")).Concat(adjoints))
            .Concat(Member(Names.PushforwardSuffix, inputsToDifferentiate.Select(p => p.IsArray ? $"global::System.ReadOnlySpan<{Element(p)}>" : Element(p))
                .Concat(outputs.Select(o => $"global::System.Span<{Element(o)}>"))));
        if (scalarResult)
        {
            return loopMembers.Concat(Member(Names.GradientSuffix, inputsToDifferentiate.Select(p => p.IsArray ? $"global::System.Span<{Element(p)}>" : "out " + Element(p))));
        }

        var matrix = outputs.Any(o => o.Kind == ScalarKind.Double) ? "double" : "float";
        return loopMembers
            .Concat(Member(Names.JacobianSuffix, new[] { $"global::System.Span<{matrix}>" }))
            .Concat(Member(Names.JacobianForwardSuffix, new[] { $"global::System.Span<{matrix}>" }))
            .Concat(Member(Names.JacobianReverseSuffix, new[] { $"global::System.Span<{matrix}>" }));
    }

    /// <summary>
    /// A member in the form of <see cref="Of"/>'s: a method's name and parameter types, each with its passing mode
    /// (<c>ref</c>, <c>out</c>, <c>in</c>); any other member its name alone.
    /// </summary>
    private static string Signature(ISymbol member) => member is IMethodSymbol method
        ? $"{method.Name}({string.Join(", ", method.Parameters.Select(p => Mode(p.RefKind) + KnownSymbols.FullName(p.Type)))})"
        : member.Name;

    private static string Mode(RefKind kind) => kind switch
    {
        RefKind.None => string.Empty,
        RefKind.Out => "out ",
        RefKind.In => "in ",
        RefKind.RefReadOnlyParameter => "ref readonly ",
        _ => "ref ",
    };

    /// <summary>
    /// <paramref name="signature"/> as overloading tells signatures apart: C# cannot overload on <c>ref</c> against
    /// <c>out</c> or <c>in</c>, so every passing by reference is <c>ref</c>.
    /// </summary>
    private static string Overloading(string signature)
    {
        var text = new System.Text.StringBuilder(signature.Length);
        for (var i = 0; i < signature.Length;)
        {
            // A mode starts a parameter: right after the '(' or a ", ".
            var starts = i > 0 && (signature[i - 1] == '(' || i > 1 && signature[i - 2] == ',' && signature[i - 1] == ' ');
            var mode = starts ? ModeAt(signature, i) : null;
            if (mode is not null)
            {
                text.Append("ref ");
                i += mode.Length;
            }
            else
            {
                text.Append(signature[i++]);
            }
        }

        return text.ToString();
    }

    /// <summary>The passing modes overloading reads as <c>ref</c>.</summary>
    private static readonly string[] RefLikeModes = ["out ", "in ", "ref readonly "];

    /// <summary>The mode of <see cref="RefLikeModes"/> <paramref name="signature"/> has at <paramref name="index"/>, or null.</summary>
    private static string? ModeAt(string signature, int index)
    {
        foreach (var mode in RefLikeModes)
        {
            if (string.CompareOrdinal(signature, index, mode, 0, mode.Length) == 0)
            {
                return mode;
            }
        }

        return null;
    }

    /// <summary>
    /// A generated member of <paramref name="model"/>: its name, its signature (<see cref="Signature"/>'s form), and
    /// whether any member of its name is in its way (a per-example kernel, whose parameter is a type only the
    /// generated code declares, so no other method can be an overload the user could mean).
    /// </summary>
    private sealed record Generated(string Name, string Signature, bool ByName);

    /// <summary>
    /// What <paramref name="model"/> gets: the C# members (<see cref="Of"/>) and, in a compilation that references
    /// ILGPU (<paramref name="gpu"/>), the GPU kernels and launchers (<see cref="GpuMembers"/>), listed only when
    /// <paramref name="named"/> says some member has one of their names.
    /// </summary>
    private static IEnumerable<Generated> All(MethodModel model, GpuSupport gpu, Func<string, bool> named)
    {
        var members = Of(model).Select(s => new Generated(s.Substring(0, s.IndexOf('(')), s, ByName: false));
        return GpuMembers.Names(model, gpu).Any(named)
            ? members.Concat(GpuMembers.Of(model, gpu).Select(g => new Generated(g.Name, $"{g.Name}({string.Join(", ", g.Types ?? [])})", g.Types is null)))
            : members;
    }

    private static IEnumerable<ISymbol> MembersNamed(INamedTypeSymbol type, string name) =>
        type.GetMembers(name).Where(m => !m.IsImplicitlyDeclared);

    /// <summary>SD0021 on each of the type's own members that has a generated member's signature, or its name where it is not a method.</summary>
    public static void CheckUserMembers(IMethodSymbol method, MethodModel model, GpuSupport gpu, List<DiagnosticInfo> diagnostics)
    {
        var type = method.ContainingType;
        foreach (var generated in All(model, gpu, name => MembersNamed(type, name).Any()))
        {
            foreach (var member in MembersNamed(type, generated.Name))
            {
                if (member is not IMethodSymbol || generated.ByName || Overloading(Signature(member)) == Overloading(generated.Signature))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.GeneratedMemberCollision, LocationInfo.From(member.Locations.FirstOrDefault()),
                        Display(model), Display(generated.Signature), $"'{member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}'"));
                }
            }
        }
    }

    /// <summary>
    /// The generated members of <paramref name="model"/> that hide a member the type inherits and can see: a method of
    /// the same signature, passing modes included, or any other member of the same name. They are declared
    /// <c>new</c>, as C# asks of hiding on purpose (CS0108); the derivatives are the type's own, and code that calls
    /// them through the type gets them.
    /// </summary>
    public static EquatableArray<string> Hidden(IMethodSymbol method, MethodModel model, GpuSupport gpu, Compilation compilation)
    {
        var type = method.ContainingType;
        var bases = new List<INamedTypeSymbol>();
        for (var b = type.BaseType; b is not null && b.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); b = b.BaseType)
        {
            bases.Add(b);
        }

        // Most types derive from object (or are structs) alone, whose members no generated name repeats.
        if (bases.Count == 0)
        {
            return EquatableArray<string>.Empty;
        }

        IEnumerable<ISymbol> Inherited(string name) =>
            bases.SelectMany(b => MembersNamed(b, name)).Where(m => compilation.IsSymbolAccessibleWithin(m, type));

        return All(model, gpu, name => Inherited(name).Any())
            .Where(g => Inherited(g.Name).Any(member => member is not IMethodSymbol || !g.ByName && Signature(member) == g.Signature))
            .Select(g => g.Name).Distinct(StringComparer.Ordinal).ToEquatableArray();
    }

    public static MemberSignatures Signatures(MethodModel m) =>
        new(m.ContainingTypeFullName, Display(m), CallGraph.KeyOf(m), Of(m).Select(Overloading).ToEquatableArray());

    /// <summary>
    /// Between the methods of each type: every method whose generated members repeat an earlier method's (in source
    /// order, which <paramref name="sites"/> tell) is rejected with SD0021 on its name.
    /// </summary>
    public static EquatableArray<SiteDiagnostic> Find(IEnumerable<MemberSignatures> methods, SourceSites sites)
    {
        var rejected = new List<SiteDiagnostic>();
        foreach (var type in methods.GroupBy(m => m.TypeName))
        {
            var claimed = new Dictionary<string, MemberSignatures>(StringComparer.Ordinal);
            foreach (var method in type.OrderBy(m => m.Key, sites.DeclarationOrder))
            {
                var clash = method.Members.FirstOrDefault(claimed.ContainsKey);
                if (clash is not null)
                {
                    rejected.Add(SiteDiagnostic.AtName(
                        DiagnosticDescriptors.GeneratedMemberCollision, method.Key, method.Method, Display(clash), $"the one generated for '{claimed[clash].Method}'"));
                    continue;
                }

                foreach (var member in method.Members)
                {
                    claimed[member] = method;
                }
            }
        }

        return rejected.ToEquatableArray();
    }

    /// <summary>Drops the methods <see cref="Find"/> rejected from <paramref name="resolved"/>, their diagnostics in their place.</summary>
    public static IncrementalValuesProvider<ResolvedMethod> RejectCollisions(IncrementalValuesProvider<ResolvedMethod> resolved, IncrementalValueProvider<SourceSites> sites)
    {
        // Only the signatures are collected, so editing a body leaves the collisions (and every other method) cached;
        // moving a method re-orders them, and what is rejected stays equal unless the order of colliding methods changed.
        var collisions = resolved
            .Where(static r => r.Input is not null)
            .Select(static (r, _) => Signatures(r.Input!.Method))
            .Collect()
            .Combine(sites)
            .Select(static (pair, _) => Find(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.MemberCollisions);
        return resolved.Combine(collisions).Select(static (pair, _) =>
        {
            var (method, rejected) = pair;
            var key = method.Input is { } input && rejected.Length > 0 ? CallGraph.KeyOf(input.Method) : null;
            var hit = key is null ? null : rejected.FirstOrDefault(r => r.Method == key);
            return hit is null ? method : new ResolvedMethod(null, method.Diagnostics.Append(hit).ToEquatableArray());
        });
    }

    private static string Display(MethodModel m) => $"{m.Name}({string.Join(", ", m.Parameters.Select(p => Short(p.TypeName)))})";

    /// <summary>A generated member's signature as a message shows it: short type names.</summary>
    private static string Display(string signature) => Short(signature);

    private static string Short(string typeName) => typeName.Replace("global::System.", string.Empty).Replace("global::", string.Empty);
}
