using System.Text;

namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>Indented lines of a method body, one statement a line (so the minimizer can drop statements line by line).</summary>
internal sealed class BodyWriter
{
    private readonly StringBuilder text = new();
    private int depth = 2;
    private int counter;

    /// <summary>A fresh name for a local, unique in the method.</summary>
    public string Fresh(string prefix) => prefix + counter++;

    public void Line(string line) => text.Append(' ', depth * 4).Append(line).Append('\n');

    /// <summary>Writes <paramref name="header"/>, then <paramref name="body"/> in braces one level deeper.</summary>
    public void Block(string header, Action body)
    {
        Line(header);
        Line("{");
        depth++;
        body();
        depth--;
        Line("}");
    }

    public override string ToString() => text.ToString();
}

/// <summary>Helpers shared by the method generators.</summary>
internal static class Naming
{
    /// <summary>The declaration line of a method with <paramref name="parameters"/> (template form).</summary>
    public static string Signature(string returnType, string name, IEnumerable<Param> parameters) =>
        $"    public static {returnType} {name}({string.Join(", ", parameters.Select(p => p.Declaration))})";

    /// <summary>How a method reads its parameter of the other precision (<see cref="Param.Other"/>): converted to its own.</summary>
    public static string Converted(string name) => $"((ℝ){name})";

    /// <summary>Whether a readable expression of a scope is a <see cref="Converted"/> parameter (which is never assigned).</summary>
    public static bool IsConverted(string real) => real.StartsWith("((ℝ)", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="expression"/> reads something of <paramref name="scope"/> (not a constant).</summary>
    public static bool ReadsVariable(string expression, Scope scope) =>
        scope.Reals.Concat(scope.Ints).Any(expression.Contains);

    /// <summary>Whether <paramref name="expression"/> reads something with a derivative (not only <c>[NoDerivative]</c> values).</summary>
    public static bool ReadsActive(string expression, Scope scope) =>
        scope.Reals.Where(r => !scope.Constants.Any(c => r.StartsWith(c, StringComparison.Ordinal))).Any(expression.Contains);
}
