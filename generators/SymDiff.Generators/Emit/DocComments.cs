using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Doc-comment lines that every kind of generated member shares, and the escaping of text written into them.</summary>
internal static class DocComments
{
    /// <summary>
    /// A param tag for each of the primal's own parameters, which every generated derivative takes first: a comment that
    /// documents some parameters must document all of them, or a project that builds its XML docs with warnings as errors
    /// fails on CS1573.
    /// </summary>
    public static void PrimalParameters(IndentedWriter w, MethodModel m)
    {
        foreach (var p in m.Parameters)
        {
            var name = Model.Names.Unescaped(p.Name);
            w.Line($"/// <param name=\"{name}\">The {name} argument of {m.Name}.</param>");
        }
    }

    /// <summary>
    /// How long a span that goes with array parameter <paramref name="p"/> is (an adjoint, a tangent, a slice of H·t),
    /// in parentheses: its length, and for a two-dimensional array the row-major layout.
    /// </summary>
    public static string SameLength(ParamModel p) =>
        !p.IsArray ? string.Empty
        : p.IsMatrix ? $" ({p.Name}.Length elements, row-major: [i, j] at i * {p.Name}.GetLength(1) + j)"
        : $" (same length as {p.Name})";

    /// <summary>The param tag of the tangent <paramref name="tangent"/> of <paramref name="p"/> in a second-order member.</summary>
    public static void TangentComponent(IndentedWriter w, string tangent, ParamModel p, bool sameLength = false) =>
        w.Line($"/// <param name=\"{tangent}\">The component of t along {p.Name}{(sameLength && p.IsArray ? " (same length)" : string.Empty)}.</param>");

    /// <summary>The param tag of <paramref name="output"/>, which receives H·t along <paramref name="p"/> in <c>{F}HessianVectorProduct</c>.</summary>
    public static void HessianVectorProductOutput(IndentedWriter w, string output, MethodModel m, ParamModel p) =>
        w.Line($"/// <param name=\"{output}\">Receives (H·t) along {p.Name}: Σⱼ ∂²{m.Name}/∂{p.Name}∂pⱼ·tⱼ{SameLength(p)}.</param>");

    /// <summary>The summary of <c>{F}PushforwardPullback</c>, the same for a method over scalars and one with loops.</summary>
    public static void PushforwardPullbackSummary(IndentedWriter w, MethodModel m)
    {
        w.Line("/// <summary>");
        w.Line($"/// Reverse mode of <see cref=\"{m.PrimalCref}\"/>'s pushforward, over its inputs and its tangents t: adds the seed times");
        w.Line($"/// ∂(∇{m.Name}·t)/∂p = (H·t)ₚ into each input's adjoint and the seed times ∂(∇{m.Name}·t)/∂tₚ = ∂{m.Name}/∂p into each tangent's.");
        w.Line("/// What a caller's second derivatives call through this method; one reverse sweep over the forward-mode program.");
        w.Line("/// </summary>");
    }

    /// <summary>
    /// <paramref name="text"/> as doc-comment element content: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped, so a
    /// formula such as <c>x &lt; 0 &amp;&amp; y</c> or a type such as <c>Span&lt;double&gt;</c> keeps the comment well-formed XML.
    /// </summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
