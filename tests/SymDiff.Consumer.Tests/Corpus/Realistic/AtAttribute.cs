namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>
/// A point a realistic corpus method is checked at (<see cref="RealisticCorpusTests"/>): one argument per parameter, a
/// <c>double[]</c> for a span or array parameter, a number for a scalar one (converted to <c>float</c> or <c>int</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class AtAttribute(params object[] arguments) : Attribute
{
    public object[] Arguments { get; } = arguments;
}

/// <summary>The constructs a realistic corpus method exercises, for the pass rate by construct (loops, branches, helpers, views, …).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConstructsAttribute(params string[] names) : Attribute
{
    public string[] Names { get; } = names;
}
