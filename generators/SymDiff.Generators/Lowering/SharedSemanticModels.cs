using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// One <see cref="SemanticModel"/> per syntax tree of a compilation, shared by everything SymDiff binds in it. A
/// semantic model binds a method body once and keeps the bound tree; a second model of the same tree binds it all
/// again (with nullable analysis, most of the cost). Lowering a method, asking which span parameters of it or of its
/// callees are written, and following a span into a callee all bind bodies: with a fresh model each time, one
/// method's body was bound once per span parameter of each of its callers, and generating took three times as long
/// as binding. The table lives as long as its compilation (a new one per edit) and no longer.
/// </summary>
internal static class SharedSemanticModels
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> Models = new();

    /// <summary>The compilation's shared model of <paramref name="tree"/>, made on first use.</summary>
    public static SemanticModel For(Compilation compilation, SyntaxTree tree) =>
        Models.GetValue(compilation, static _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>())
            .GetOrAdd(tree, t => compilation.GetSemanticModel(t));

    /// <summary>
    /// The shared model of <paramref name="model"/>'s tree: <paramref name="model"/> itself when it is the first one
    /// offered for that tree (the generator's and the analyzer's own models), so the bodies it has bound are reused.
    /// </summary>
    public static SemanticModel Share(SemanticModel model) =>
        Models.GetValue(model.Compilation, static _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>())
            .GetOrAdd(model.SyntaxTree, model);
}
