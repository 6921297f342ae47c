
namespace SymDiff.Generators.Model;

/// <summary>
/// Where one differentiable method is written: its name, and each of its calls in the order of
/// <see cref="MethodModel.Calls"/>. Kept apart from the <see cref="MethodModel"/>, which feeds code emission and holds
/// nothing that depends on position: a method that only moves (a line inserted above it, an edit to the method before
/// it) changes this value alone, so nothing is lowered, resolved or emitted again, while the diagnostics the generator
/// reports on it (<see cref="Diagnostics.SiteDiagnostic"/>) look up where it is now.
/// </summary>
/// <param name="Key">The method's key in the call graph (<see cref="Lowering.CallGraph.KeyOf(MethodModel)"/>).</param>
/// <param name="Name">The method's name in its declaration.</param>
/// <param name="Calls">The call sites, one per <see cref="MethodModel.Calls"/> entry.</param>
internal sealed record MethodSites(string Key, LocationInfo? Name, EquatableArray<LocationInfo> Calls);

/// <summary>
/// The <see cref="MethodSites"/> of every method of the compilation, looked up by key: the one value of the pipeline
/// that changes when a method only moves. Equal when every site is.
/// </summary>
internal sealed class SourceSites : IEquatable<SourceSites>
{
    private readonly EquatableArray<MethodSites> _methods;
    private Dictionary<string, MethodSites>? _byKey;

    public SourceSites(EquatableArray<MethodSites> methods) => _methods = methods;

    /// <summary>Orders method keys as their declarations are ordered in source: by file, then position in it.</summary>
    public IComparer<string> DeclarationOrder => Comparer<string>.Create(Compare);

    /// <summary>Where the method with <paramref name="key"/> is written: its name, or its call number <paramref name="call"/> (when not negative).</summary>
    public LocationInfo? Find(string key, int call) =>
        ByKey.TryGetValue(key, out var sites) ? call < 0 ? sites.Name : call < sites.Calls.Length ? sites.Calls[call] : sites.Name : null;

    public bool Equals(SourceSites? other) => other is not null && _methods.Equals(other._methods);

    public override bool Equals(object? obj) => Equals(obj as SourceSites);

    public override int GetHashCode() => _methods.Length;

    private int Compare(string left, string right)
    {
        var (a, b) = (Find(left, -1), Find(right, -1));
        var byFile = StringComparer.Ordinal.Compare(a?.FilePath ?? string.Empty, b?.FilePath ?? string.Empty);
        var byPosition = byFile != 0 ? byFile : (a?.Span.Start ?? 0).CompareTo(b?.Span.Start ?? 0);
        return byPosition != 0 ? byPosition : StringComparer.Ordinal.Compare(left, right);
    }

    /// <summary>
    /// The sites by key, built on first use. Keys are unique: a method declared twice with the same parameter types is
    /// rejected before it has a model; should one still repeat, the first declaration's sites are used.
    /// </summary>
    private Dictionary<string, MethodSites> ByKey
    {
        get
        {
            if (_byKey is null)
            {
                var byKey = new Dictionary<string, MethodSites>(StringComparer.Ordinal);
                foreach (var sites in _methods)
                {
                    if (!byKey.ContainsKey(sites.Key))
                    {
                        byKey[sites.Key] = sites;
                    }
                }

                _byKey = byKey;
            }

            return _byKey;
        }
    }
}
