namespace SymDiff.Generators.Diagnostics;

/// <summary>
/// .NET math functions SymDiff has no derivative rule for, each with a spelling in functions it has: what the
/// diagnostics on such a call suggest. The functions live on <c>Math</c>/<c>MathF</c> and, as generic math, on
/// <c>double</c>/<c>float</c>; <c>{M}</c> in a spelling is <c>Math</c> or <c>MathF</c> after the callee's type.
/// </summary>
internal static class MathSpellings
{
    private static readonly Dictionary<(string Name, int Arity), (string Call, string Spelling)> Table = new()
    {
        [("Exp10", 1)] = ("Exp10(x)", "{M}.Pow(10, x)"),
        [("Exp2M1", 1)] = ("Exp2M1(x)", "{M}.Pow(2, x) - 1"),
        [("Exp10M1", 1)] = ("Exp10M1(x)", "{M}.Pow(10, x) - 1"),
        [("Log2P1", 1)] = ("Log2P1(x)", "{M}.Log2(1 + x)"),
        [("Log10P1", 1)] = ("Log10P1(x)", "{M}.Log10(1 + x)"),
        [("SinPi", 1)] = ("SinPi(x)", "{M}.Sin({M}.PI * x)"),
        [("CosPi", 1)] = ("CosPi(x)", "{M}.Cos({M}.PI * x)"),
        [("TanPi", 1)] = ("TanPi(x)", "{M}.Tan({M}.PI * x)"),
        [("AsinPi", 1)] = ("AsinPi(x)", "{M}.Asin(x) / {M}.PI"),
        [("AcosPi", 1)] = ("AcosPi(x)", "{M}.Acos(x) / {M}.PI"),
        [("AtanPi", 1)] = ("AtanPi(x)", "{M}.Atan(x) / {M}.PI"),
        [("Atan2Pi", 2)] = ("Atan2Pi(y, x)", "{M}.Atan2(y, x) / {M}.PI"),
        [("DegreesToRadians", 1)] = ("DegreesToRadians(x)", "x * ({M}.PI / 180)"),
        [("RadiansToDegrees", 1)] = ("RadiansToDegrees(x)", "x * (180 / {M}.PI)"),
        [("Lerp", 3)] = ("Lerp(a, b, t)", "a + (b - a) * t"),
        [("ReciprocalEstimate", 1)] = ("ReciprocalEstimate(x)", "1 / x"),
        [("ReciprocalSqrtEstimate", 1)] = ("ReciprocalSqrtEstimate(x)", "1 / {M}.Sqrt(x)"),
        [("RootN", 2)] = ("RootN(x, n)", "{M}.Pow(x, 1.0 / n) for x ≥ 0"),
        [("ScaleB", 2)] = ("ScaleB(x, n)", "x * {M}.Pow(2, n)"),
    };

    /// <summary>True for <c>System.Math</c>, <c>System.MathF</c>, <c>double</c> and <c>float</c>, named as generated code names them.</summary>
    public static bool IsMathType(string typeName) => typeName is "global::System.Math" or "global::System.MathF" or "double" or "float";

    /// <summary>The callee as a message names it: <c>Math.Round</c>, <c>double.Exp10</c>, <c>Enumerable.Sum</c>.</summary>
    public static string Display(string typeName, string methodName)
    {
        var type = typeName.Replace("global::", string.Empty);
        var generic = type.IndexOf('<');
        var lastDot = (generic < 0 ? type : type.Substring(0, generic)).LastIndexOf('.');
        return type.Substring(lastDot + 1) + "." + methodName;
    }

    /// <summary>
    /// "write double.Exp10(x) as Math.Pow(10, x)" for a math function with a supported spelling, or
    /// <see langword="null"/>.
    /// </summary>
    public static string? Advice(string typeName, string methodName, int arity)
    {
        if (!IsMathType(typeName) || !Table.TryGetValue((methodName, arity), out var entry))
        {
            return null;
        }

        var type = Display(typeName, string.Empty).TrimEnd('.');
        var math = typeName is "global::System.MathF" or "float" ? "MathF" : "Math";
        return $"write {type}.{entry.Call} as {entry.Spelling.Replace("{M}", math)}, which SymDiff differentiates";
    }
}
