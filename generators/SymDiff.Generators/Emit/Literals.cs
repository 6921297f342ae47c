using System.Globalization;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>C# spellings of types and constants, always under the invariant culture.</summary>
internal static class Literals
{
    public static string TypeKeyword(ScalarKind kind) => kind switch
    {
        ScalarKind.Double => "double",
        ScalarKind.Float => "float",
        ScalarKind.Int => "int",
        _ => "bool",
    };

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
