using System.Globalization;
using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>C# spellings of types and constants, always under the invariant culture.</summary>
internal static class Literals
{
    public static string TypeKeyword(ScalarKind kind) => Names.TypeKeyword(kind);

    /// <summary>
    /// The value or tangent element of a pushforward's result: <c>Value</c>/<c>Tangent</c> of a generated one, by
    /// position for a <c>[DerivativeOf]</c> one, which may return an unnamed <c>(double, double)</c>.
    /// </summary>
    public static string PushforwardElement(CallStrategy strategy, bool tangent) => strategy == CallStrategy.CustomPushforward
        ? (tangent ? "Item2" : "Item1")
        : (tangent ? "Tangent" : "Value");

    /// <summary>
    /// <c>nameof(identifier)</c>, or the name as a string literal in the members of a method that has a parameter (or is
    /// itself) named <c>nameof</c>: there <c>nameof(x)</c> is a call of that parameter or method (CS0149).
    /// </summary>
    public static string NameOf(string identifier, MethodModel method) =>
        Names.Unescaped(method.Name) == "nameof" || method.Parameters.Any(p => Names.Unescaped(p.Name) == "nameof")
            ? "\"" + Names.Unescaped(identifier) + "\""
            : $"nameof({identifier})";

    public static string MathClass(ScalarKind kind) => kind == ScalarKind.Float ? "global::System.MathF" : "global::System.Math";

    public static string Constant(double value, ScalarKind kind)
    {
        switch (kind)
        {
            case ScalarKind.Bool:
                return value != 0 ? "true" : "false";
            case ScalarKind.Int:
                return ((int)value).ToString(CultureInfo.InvariantCulture);
            case ScalarKind.Float:
                {
                    var f = (float)value;
                    if (float.IsNaN(f))
                    {
                        return "float.NaN";
                    }

                    if (float.IsInfinity(f))
                    {
                        return f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
                    }

                    return f.ToString("R", CultureInfo.InvariantCulture) + "f";
                }

            default:
                {
                    if (double.IsNaN(value))
                    {
                        return "double.NaN";
                    }

                    if (double.IsInfinity(value))
                    {
                        return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
                    }

                    var text = value.ToString("R", CultureInfo.InvariantCulture);
                    return text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0" : text;
                }
        }
    }

    /// <summary>The number as a reader would write it in a formula.</summary>
    public static string MathNumber(double value, ScalarKind kind) =>
        kind == ScalarKind.Float ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
}
