using Microsoft.CodeAnalysis;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// One method's claim on file names: its readable base name, the hash of its parameter types that tells overloads
/// apart (<see langword="null"/> where the base name already does), whether it also gets a batch file, and its key
/// (where it is declared is looked up by it, so a request does not change when the method moves).
/// </summary>
internal sealed record HintRequest(string Base, string? Overload, bool HasBatch, string Key);

/// <summary>A resolved method and the file names its outputs are added under (unique within the generator).</summary>
internal sealed record NamedMethod(ResolvedMethod Method, string HintName, string BatchHintName, string GpuHintName);

/// <summary>
/// Gives every generated file a name no other file of the generator has. By default a method's files are named after
/// it alone, <c>Namespace.Type.Method.g.cs</c> and <c>….Method.Batch.g.cs</c>: names that spelled out every parameter
/// type grew past what file systems take for methods with many parameters (CS0016 with <c>EmitCompilerGeneratedFiles</c>).
/// Overloads get <c>-</c> and a hash of their parameter types (<c>C.Sq-4f1e0b2a.g.cs</c>), not a number in declaration
/// order: the name then depends on the method's own signature only, so reordering overloads or moving one to another
/// file of a partial type leaves every file with its name and its content (nothing re-emitted, nothing to re-open),
/// while a number would move each file's content to another name. <c>SymDiffFileNames=signature</c> keeps the
/// signature style (<c>C.Sq_Double.g.cs</c>), where the name itself tells overloads apart.
/// <para>
/// The compiler drops all of a generator's output when two files share a name (compared ignoring case), and readable
/// names still collide in ordinary code: methods whose names differ only in case (<c>F</c> and <c>f</c>), a method
/// <c>Batch()</c> of a nested type <c>F</c> next to <c>F()</c>'s batch file, or a copy-pasted method. A name that is
/// unique keeps its readable form; colliding ones get <c>.2</c>, <c>.3</c>, … in declaration order (an identifier never
/// starts with a digit, so no readable name has such a part). Only the list of names is collected, so a method whose
/// name did not change is not emitted again when another method is added (or moved).
/// </para>
/// </summary>
internal static class HintNames
{
    public static IncrementalValuesProvider<NamedMethod> Assign(
        IncrementalValuesProvider<ResolvedMethod> resolved, IncrementalValueProvider<GeneratorOptions> options, IncrementalValueProvider<SourceSites> sites)
    {
        var requested = resolved
            .Combine(options)
            .Select(static (pair, _) => (Method: pair.Left, Request: Request(pair.Left, pair.Right)));

        var assignment = requested
            .Select(static (pair, _) => pair.Request)
            .Where(static request => request is not null)
            .Collect()
            .Combine(sites)
            .Select(static (pair, _) => Names(pair.Left.Select(r => r!), pair.Right))
            .WithTrackingName(TrackingNames.HintNames);

        return requested
            .Combine(assignment)
            .Select(static (pair, _) =>
            {
                var name = pair.Left.Request is { } request && pair.Right.TryGetValue(request, out var assigned) ? assigned : string.Empty;
                return new NamedMethod(pair.Left.Method, name + ".g.cs", name + ".Batch.g.cs", name + ".Gpu.g.cs");
            });
    }

    private static HintRequest? Request(ResolvedMethod method, GeneratorOptions options) => method.Input is { Method: var m } input
        ? options.FileNamesOf(m) == FileNameStyle.Signature
            ? new HintRequest(m.SignatureFileName, null, input.Method.HasKernels, CallGraph.KeyOf(m))
            : new HintRequest(m.ShortFileName, SignatureHash(m), input.Method.HasKernels, CallGraph.KeyOf(m))
        : null;

    /// <summary>
    /// Eight hex digits of the 32-bit FNV-1a hash of the parameter types as generated code spells them (fully
    /// qualified), the same in every build and process (unlike <see cref="string.GetHashCode()"/>).
    /// </summary>
    internal static string SignatureHash(MethodModel method)
    {
        var hash = 2166136261u;
        foreach (var c in string.Join(", ", method.Parameters.Select(p => p.TypeName)))
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The name (without <c>.g.cs</c>) each request's files get.</summary>
    private static EquatableDictionary Names(IEnumerable<HintRequest> all, SourceSites sites)
    {
        // A method's key is unique (a method declared twice gets no model); were one repeated, its files are named once.
        var requests = all.Distinct().ToList();

        // Overloads: requests that share a base name (as written, so F and f are not overloads) get their hash.
        var overloaded = new HashSet<string>(
            requests.Where(r => r.Overload is not null).GroupBy(r => r.Base, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key),
            StringComparer.Ordinal);
        var readable = requests.ToDictionary(r => r, r => r.Overload is not null && overloaded.Contains(r.Base) ? r.Base + "-" + r.Overload : r.Base);

        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in requests.SelectMany(r => Files(r, readable[r])))
        {
            counts[file] = counts.TryGetValue(file, out var n) ? n + 1 : 1;
        }

        // Names claimed by one request only are taken first, so that a collision elsewhere never renames them.
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<HintRequest, string>();
        foreach (var request in requests.Where(r => Files(r, readable[r]).All(f => counts[f] == 1)))
        {
            names[request] = readable[request];
            used.UnionWith(Files(request, readable[request]));
        }

        var colliding = requests.Where(r => !names.ContainsKey(r))
            .OrderBy(r => readable[r], StringComparer.OrdinalIgnoreCase).ThenBy(r => readable[r], StringComparer.Ordinal)
            .ThenBy(r => r.Key, sites.DeclarationOrder);
        foreach (var request in colliding)
        {
            var name = readable[request];
            for (var k = 2; Files(request, name).Any(used.Contains); k++)
            {
                name = readable[request] + "." + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            names[request] = name;
            used.UnionWith(Files(request, name));
        }

        return new EquatableDictionary(names);
    }

    private static IEnumerable<string> Files(HintRequest request, string name) => request.HasBatch
        ? new[] { name + ".g.cs", name + ".Batch.g.cs", name + ".Gpu.g.cs" }
        : new[] { name + ".g.cs" };

    /// <summary>The assignment as a value: equal when every request gets the same name, so the step caches.</summary>
    internal sealed class EquatableDictionary : IEquatable<EquatableDictionary>
    {
        private readonly Dictionary<HintRequest, string> _names;

        public EquatableDictionary(Dictionary<HintRequest, string> names) => _names = names;

        public bool TryGetValue(HintRequest request, out string name) => _names.TryGetValue(request, out name!);

        public bool Equals(EquatableDictionary? other) =>
            other is not null && other._names.Count == _names.Count
            && _names.All(pair => other._names.TryGetValue(pair.Key, out var name) && name == pair.Value);

        public override bool Equals(object? obj) => Equals(obj as EquatableDictionary);

        public override int GetHashCode() => _names.Count;
    }
}
