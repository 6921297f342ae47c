using System.Runtime.CompilerServices;

namespace SymDiff.Generators.Model;

/// <summary>
/// Equality by instance, for tables keyed on IR records whose own equality compares (and hashes) their whole tree
/// (netstandard2.0 has no <c>ReferenceEqualityComparer</c>).
/// </summary>
internal sealed class ByReference : IEqualityComparer<object>
{
    public static readonly ByReference Instance = new();

    private ByReference()
    {
    }

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
}
