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
/// as binding. The shared models skip nullable analysis (<see cref="SemanticModelOptions.DisableNullableAnalysis"/>),
/// which was half of binding a body: derivatives of numeric code need no nullable annotations. The table lives as
/// long as its compilation (a new one per edit) and no longer.
/// </summary>
internal static class SharedSemanticModels
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> Models = new();

    /// <summary>The compilation's shared model of <paramref name="tree"/>, made on first use.</summary>
    public static SemanticModel For(Compilation compilation, SyntaxTree tree) =>
        TreesOf(compilation).GetOrAdd(tree, t => Create(compilation, t));

    /// <summary>
    /// The shared model of <paramref name="model"/>'s tree: <paramref name="model"/> itself when it is the first one
    /// offered for that tree. The analyzer offers the model the analyzer driver gives it, which has bound the bodies
    /// already (for the compiler's own diagnostics and every analyzer): binding them again in a model of its own, even
    /// one without nullable analysis, made the analyzer half again as slow.
    /// </summary>
    public static SemanticModel Share(SemanticModel model) =>
        TreesOf(model.Compilation).GetOrAdd(model.SyntaxTree, model);

    private static ConcurrentDictionary<SyntaxTree, SemanticModel> TreesOf(Compilation compilation) =>
        Models.GetValue(compilation, static _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>());

    /// <summary>False once the running compiler has been found to lack the option (it is marked experimental).</summary>
    private static volatile bool _canDisableNullableAnalysis = true;

    private static SemanticModel Create(Compilation compilation, SyntaxTree tree)
    {
        if (_canDisableNullableAnalysis)
        {
            try
            {
                return WithoutNullableAnalysis(compilation, tree);
            }
            catch (Exception exception) when (exception is MissingMethodException or MissingFieldException or TypeLoadException)
            {
                // A compiler other than the one SymDiff was built against: bind as any model does.
                _canDisableNullableAnalysis = false;
            }
        }

        return compilation.GetSemanticModel(tree);
    }

    /// <summary>Its own method, so that a compiler without the API fails when this is compiled, inside the catch above.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SemanticModel WithoutNullableAnalysis(Compilation compilation, SyntaxTree tree)
    {
#pragma warning disable RSEXPERIMENTAL001 // The option is experimental: Create falls back where it is missing.
        return compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001
    }
}
