using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>Doc-comment lines that every kind of generated member shares.</summary>
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
            w.Line($"/// <param name=\"{p.Name}\">The {p.Name} argument of {m.Name}.</param>");
        }
    }
}
