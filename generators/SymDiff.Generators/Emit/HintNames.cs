using Microsoft.CodeAnalysis;
using SymDiff.Generators.Lowering;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>One method's claim on file names: its readable base name, whether it also gets a batch file, and where it is declared.</summary>
internal sealed record HintRequest(string Base, bool HasBatch, string FilePath, int Position);

/// <summary>A resolved method and the file names its outputs are added under (unique within the generator).</summary>
internal sealed record NamedMethod(ResolvedMethod Method, string HintName, string BatchHintName);

/// <summary>
/// Gives every generated file a name no other file of the generator has. The compiler drops all of a generator's
/// output when two files share a name (compared ignoring case), and readable names collide in ordinary code: methods
/// whose names differ only in case (<c>F</c> and <c>f</c>), overloads over types SymDiff prints alike, a method
/// <c>Batch()</c> of a nested type <c>F_Double</c> next to <c>F(double)</c>'s batch file, or a copy-pasted method. A
/// name that is unique keeps its readable form; colliding ones get <c>.2</c>, <c>.3</c>, … in declaration order (an
/// identifier never starts with a digit, so no readable name has such a part). Only the list of names is collected,
/// so a method whose name did not change is not emitted again when another method is added.
/// </summary>
internal static class HintNames
{
    public static IncrementalValuesProvider<NamedMethod> Assign(IncrementalValuesProvider<ResolvedMethod> resolved)
    {
        var assignment = resolved
            .Select(static (method, _) => Request(method))
            .Where(static request => request is not null)
            .Collect()
            .Select(static (requests, _) => Suffixes(requests!))
            .WithTrackingName(TrackingNames.HintNames);

        return resolved
            .Combine(assignment)
            .Select(static (pair, _) =>
            {
                var request = Request(pair.Left);
                var suffix = request is not null && pair.Right.TryGetValue(request, out var k) ? k : string.Empty;
                var name = request?.Base + suffix;
                return new NamedMethod(pair.Left, name + ".g.cs", name + ".Batch.g.cs");
            });
    }

    private static HintRequest? Request(ResolvedMethod method) => method.Input is { Method: var m } input
        ? new HintRequest(m.HintName.Substring(0, m.HintName.Length - ".g.cs".Length), BatchEmitter.HasKernels(input.Method), m.Location?.FilePath ?? string.Empty, m.Location?.Span.Start ?? 0)
        : null;

    /// <summary>The suffix (empty, <c>.2</c>, <c>.3</c>, …) each request's names get.</summary>
    private static EquatableDictionary Suffixes(IReadOnlyList<HintRequest> requests)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in requests.SelectMany(r => Files(r, string.Empty)))
        {
            counts[file] = counts.TryGetValue(file, out var n) ? n + 1 : 1;
        }

        // Names claimed by one request only are taken first, so that a collision elsewhere never renames them.
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var suffixes = new Dictionary<HintRequest, string>();
        foreach (var request in requests.Where(r => Files(r, string.Empty).All(f => counts[f] == 1)))
        {
            suffixes[request] = string.Empty;
            used.UnionWith(Files(request, string.Empty));
        }

        var colliding = requests.Where(r => !suffixes.ContainsKey(r))
            .OrderBy(r => r.Base, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Base, StringComparer.Ordinal)
            .ThenBy(r => r.FilePath, StringComparer.Ordinal).ThenBy(r => r.Position);
        foreach (var request in colliding)
        {
            var suffix = string.Empty;
            for (var k = 2; Files(request, suffix).Any(used.Contains); k++)
            {
                suffix = "." + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            suffixes[request] = suffix;
            used.UnionWith(Files(request, suffix));
        }

        return new EquatableDictionary(suffixes);
    }

    private static IEnumerable<string> Files(HintRequest request, string suffix) => request.HasBatch
        ? new[] { request.Base + suffix + ".g.cs", request.Base + suffix + ".Batch.g.cs" }
        : new[] { request.Base + suffix + ".g.cs" };

    /// <summary>The assignment as a value: equal when every request gets the same suffix, so the step caches.</summary>
    internal sealed class EquatableDictionary : IEquatable<EquatableDictionary>
    {
        private readonly Dictionary<HintRequest, string> _suffixes;

        public EquatableDictionary(Dictionary<HintRequest, string> suffixes) => _suffixes = suffixes;

        public bool TryGetValue(HintRequest request, out string suffix) => _suffixes.TryGetValue(request, out suffix!);

        public bool Equals(EquatableDictionary? other) =>
            other is not null && other._suffixes.Count == _suffixes.Count
            && _suffixes.All(pair => other._suffixes.TryGetValue(pair.Key, out var suffix) && suffix == pair.Value);

        public override bool Equals(object? obj) => Equals(obj as EquatableDictionary);

        public override int GetHashCode() => _suffixes.Count;
    }
}
