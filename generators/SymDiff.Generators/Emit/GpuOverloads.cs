using Microsoft.CodeAnalysis;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>One method's GPU members as C# overload resolution tells them apart.</summary>
/// <param name="TypeName">The containing type.</param>
/// <param name="Key">The method's key in the call graph.</param>
/// <param name="Method">The method as messages show it.</param>
/// <param name="Shape">Its name and the types its launchers and kernels take for its parameters.</param>
internal sealed record GpuShape(string TypeName, string Key, string Method, string Shape);

/// <summary>
/// Overloads whose GPU members would have the same parameter types: spans and arrays of one element type are all
/// <c>ArrayView&lt;T&gt;</c> to a kernel (<c>F(ReadOnlySpan&lt;double&gt; w, …)</c> and <c>F(double[] w, …)</c>), as is a
/// per-element scalar. Their C# members differ, so both are generated; of their GPU members only the first overload's
/// (in source order), the later one getting SD0028 instead of launchers that would not compile (CS0111).
/// </summary>
internal static class GpuOverloads
{
    /// <summary>The shape of <paramref name="m"/>'s GPU members: what a span, an array and a per-element scalar become in them.</summary>
    public static GpuShape Of(MethodModel m)
    {
        var viewed = m.Loops is null
            ? m.Parameters.Select(p => p.IsBatchSpan ? $"view of {p.Kind}" : p.TypeName)
            : m.Parameters.Select(p => p.IsArray || p.IsPerElement ? $"view of {p.Kind}" : p.TypeName);
        var adjoints = m.Parameters.Where(p => p.IsDifferentiable && !p.IsOutput).Select(p => $"adjoint of {p.Kind}");
        var display = $"{m.Name}({string.Join(", ", m.Parameters.Select(p => p.TypeName.Replace("global::System.", string.Empty).Replace("global::", string.Empty)))})";
        return new GpuShape(m.ContainingTypeFullName, CallGraph.KeyOf(m), display, $"{m.Name}({string.Join(", ", viewed.Concat(adjoints))})");
    }

    /// <summary>For each method whose GPU members repeat an earlier overload's: its key, and that overload as messages show it.</summary>
    public static EquatableArray<(string Key, string Other)> Find(IEnumerable<GpuShape> methods, SourceSites sites)
    {
        var clashes = new List<(string, string)>();
        foreach (var type in methods.GroupBy(m => m.TypeName))
        {
            var claimed = new Dictionary<string, GpuShape>(StringComparer.Ordinal);
            foreach (var method in type.OrderBy(m => m.Key, sites.DeclarationOrder))
            {
                if (claimed.TryGetValue(method.Shape, out var first))
                {
                    clashes.Add((method.Key, first.Method));
                }
                else
                {
                    claimed[method.Shape] = method;
                }
            }
        }

        return clashes.ToEquatableArray();
    }

    /// <summary>Why a method gets no GPU members because of an earlier overload, or null.</summary>
    public static string? Obstacle(EquatableArray<(string Key, string Other)> clashes, MethodModel m) =>
        clashes.FirstOrDefault(c => c.Key == CallGraph.KeyOf(m)) is { Key: not null } clash
            ? $"its GPU launchers and kernels would take the same parameter types as those of the overload '{clash.Other}' (spans, arrays and per-element scalars are all ArrayView<T> to a kernel), and that one comes first; rename one of the two to get both"
            : null;

    /// <summary>The clashes among the methods that get GPU members of either kind.</summary>
    public static IncrementalValueProvider<EquatableArray<(string Key, string Other)>> Register(
        IncrementalValuesProvider<NamedMethod> resolved, IncrementalValueProvider<GeneratorOptions> options, IncrementalValueProvider<SourceSites> sites) => resolved
        .Where(static named => named.Method.Input is { } input && (input.Method.HasKernels || GpuMembers.WantsPerExample(input.Method)))
        .Combine(options)
        .Where(static pair => GpuMembers.WantsPerExample(pair.Left.Method.Input!.Method) || pair.Right.WantsBatch(pair.Left.Method.Input!.Method))
        .Select(static (pair, _) => Of(pair.Left.Method.Input!.Method))
        .Collect()
        .Combine(sites)
        .Select(static (pair, _) => Find(pair.Left, pair.Right))
        .WithTrackingName(TrackingNames.GpuOverloads);
}
