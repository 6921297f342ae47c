namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>How a parameter is passed and whether it is differentiated.</summary>
internal enum ParamKind
{
    /// <summary>A differentiated <c>double</c>/<c>float</c>.</summary>
    Real,

    /// <summary>A <c>[NoDerivative]</c> <c>double</c>/<c>float</c>.</summary>
    RealConstant,

    Int,
    Bool,

    /// <summary>A differentiated <c>ReadOnlySpan&lt;T&gt;</c>, <c>T[]</c> or read-only <c>Span&lt;T&gt;</c>.</summary>
    Span,

    /// <summary>A <c>[NoDerivative]</c> span.</summary>
    SpanConstant,

    /// <summary>The <c>Span&lt;T&gt;</c> a vector function writes.</summary>
    Output,

    /// <summary>A differentiated two-dimensional array <c>T[,]</c> of <see cref="Param.MatrixColumns"/> columns and the spans' length in rows.</summary>
    Matrix,

    /// <summary>A <c>[NoDerivative]</c> two-dimensional array.</summary>
    MatrixConstant,
}

/// <summary>The C# type spelling of a span parameter.</summary>
internal enum SpanType { ReadOnlySpan, Array, Span }

internal sealed record Param(string Name, ParamKind Kind, SpanType SpanType = SpanType.ReadOnlySpan)
{
    /// <summary>A <see cref="ParamKind.Real"/> marked <c>[Broadcast]</c>: one value for every element of the batched kernels, its adjoint summed.</summary>
    public bool Broadcast { get; init; }

    /// <summary>
    /// A <see cref="ParamKind.RealConstant"/> or <see cref="ParamKind.SpanConstant"/> marked
    /// <c>[NoDerivative(PerElement = true)]</c>: per-example data, so a method with loops gets per-example GPU kernels.
    /// </summary>
    public bool PerElement { get; init; }

    /// <summary>
    /// A <see cref="ParamKind.Real"/> of the other precision than the program's (<c>𝔽</c>: a <c>float</c> parameter of a
    /// <c>double</c> method, a <c>double</c> one of a <c>float</c> method), read as <c>((ℝ)x)</c> and passed as <c>(𝔽)(…)</c>;
    /// or a <see cref="ParamKind.Span"/> of <c>float</c> in a <c>double</c> program, whose elements its method reads as they
    /// are (promoted) and which it never passes on.
    /// </summary>
    public bool Other { get; init; }

    /// <summary>Whether the parameter (a span's elements) is <c>float</c> in a program of <paramref name="floatProgram"/>.</summary>
    public bool IsFloatIn(bool floatProgram) => Other ? !floatProgram : floatProgram;

    /// <summary>A span's element type in template form.</summary>
    private string Element => Other ? "𝔽" : "ℝ";

    /// <summary>The attribute of a <c>[NoDerivative]</c> parameter.</summary>
    private string NoDerivative => PerElement ? "[NoDerivative(PerElement = true)] " : "[NoDerivative] ";

    /// <summary>How many columns a two-dimensional array parameter has (its rows are the spans' length).</summary>
    public const int MatrixColumns = 2;

    /// <summary>True for a span or array whose derivatives are spans (a two-dimensional array's row-major).</summary>
    public bool IsSpan => Kind is ParamKind.Span or ParamKind.SpanConstant or ParamKind.Output || IsMatrix;

    public bool IsMatrix => Kind is ParamKind.Matrix or ParamKind.MatrixConstant;

    public bool IsDifferentiated => Kind is ParamKind.Real or ParamKind.Span or ParamKind.Matrix;

    /// <summary>How many elements the parameter has at a point whose spans have <paramref name="length"/>.</summary>
    public int Width(int length) => IsMatrix ? length * MatrixColumns : IsSpan ? length : 1;

    /// <summary>The declaration in template form (see <see cref="Template"/>).</summary>
    public string Declaration => Kind switch
    {
        ParamKind.Real => (Broadcast ? "[Broadcast] " : "") + (Other ? "𝔽 " : "ℝ ") + Name,
        ParamKind.RealConstant => $"{NoDerivative}ℝ {Name}",
        ParamKind.Int => $"int {Name}",
        ParamKind.Bool => $"bool {Name}",
        ParamKind.Output => $"Span<ℝ> {Name}",
        ParamKind.Matrix => $"ℝ[,] {Name}",
        ParamKind.MatrixConstant => $"[NoDerivative] ℝ[,] {Name}",
        _ => (Kind == ParamKind.SpanConstant ? NoDerivative : "") + SpanType switch
        {
            SpanType.Array => $"{Element}[] {Name}",
            SpanType.Span => $"Span<{Element}> {Name}",
            _ => $"ReadOnlySpan<{Element}> {Name}",
        },
    };
}

internal enum MethodKind
{
    /// <summary>Scalars in, a scalar out: Gradient, Pullback, Pushforward and the batch kernels.</summary>
    Scalar,

    /// <summary>Spans in, a scalar out (the loop path).</summary>
    Loop,

    /// <summary><c>void</c>, writes a <c>Span</c> output: Pullback, Pushforward, Jacobian.</summary>
    Vector,

    /// <summary>
    /// Spans in, a scalar out and a <c>Span</c> output written beside it (and read back after it is written): the
    /// members of a scalar result (Gradient, Pullback, H·t) write the outputs as the primal does, Pushforward and
    /// PushforwardN their tangents too.
    /// </summary>
    Mixed,

    /// <summary>A plain method with a <c>[DerivativeOf]</c> custom derivative; checked through its callers only.</summary>
    CustomTarget,
}

/// <summary>
/// One generated method. <see cref="Text"/> is the declaration without attributes in template form, so the same text
/// renders as the user's <c>float</c> method and as its <c>double</c> twin that finite differences run on.
/// </summary>
internal sealed record MethodSpec(string Name, MethodKind Kind, IReadOnlyList<Param> Params, string Attributes, string Text)
{
    /// <summary>Extra members that belong with this one in the user's code only (a custom derivative).</summary>
    public string Companion { get; init; } = "";

    /// <summary>Span parameters must all have at least this many elements (the body reads fixed indices).</summary>
    public int MinLength { get; init; } = 1;
}

/// <summary>
/// Template tokens: <c>ℝ</c> is the real type, <c>𝔽</c> the other precision (a mixed-precision parameter's), <c>𝕄</c>
/// the real type's math class and <c>ʳ</c> a real literal's suffix. One template renders as the <c>float</c> or
/// <c>double</c> program, and as the <c>double</c> twin (<paramref name="twin"/>: <c>𝔽</c> is <c>double</c> too).
/// </summary>
internal static class Template
{
    public static string Render(string text, bool isFloat, bool twin = false) => isFloat
        ? text.Replace("ℝ", "float").Replace("𝔽", "double").Replace("𝕄", "MathF").Replace("ʳ", "f")
        : text.Replace("ℝ", "double").Replace("𝔽", twin ? "double" : "float").Replace("𝕄", "Math").Replace("ʳ", "");

    /// <summary>The keyword of the type <paramref name="isFloat"/> says.</summary>
    public static string Keyword(bool isFloat) => isFloat ? "float" : "double";

    /// <summary>A C# literal of <paramref name="value"/> in that type (a float's rounded, with its suffix).</summary>
    public static string Literal(double value, bool isFloat) => isFloat
        ? ((float)value).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f"
        : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A generated program: the user's source, the driver that checks it, and the labels of the driver's checks.</summary>
internal sealed record FuzzProgram(int Seed, bool IsFloat, IReadOnlyList<MethodSpec> Methods)
{
    /// <summary>True when a method has a parameter of the other precision (<see cref="Param.Other"/>): checked at float's tolerances.</summary>
    public bool IsMixed => Methods.Any(m => m.Params.Any(p => p.Other));

    /// <summary>The user's code: every method in one <c>static partial class P</c>.</summary>
    public string UserSource
    {
        get
        {
            var body = string.Join("\n", Methods.Select(m =>
                Template.Render((m.Attributes.Length > 0 ? "    " + m.Attributes + "\n" : "") + m.Text + m.Companion, IsFloat)));
            return $"using System;\nusing SymDiff;\n\npublic static partial class P\n{{\n{body}}}\n";
        }
    }

    /// <summary>
    /// The primal in <c>double</c> without attributes, for finite differences (of <c>float</c> programs too:
    /// differencing in <c>float</c> would lose half the digits). Its math functions are the driver's <c>TwinMath</c>,
    /// which notes where the program overflowed, and so is its arithmetic (<see cref="TwinArithmetic"/>).
    /// </summary>
    public string TwinSource => TwinArithmetic.Checked("public static class Twin\n{\n" + string.Join("\n", Methods.Select(m =>
        Template.Render(m.Text.Replace("[NoDerivative] ", "").Replace("[NoDerivative(PerElement = true)] ", "").Replace("[Broadcast] ", "").Replace("𝕄", "TwinMath"), isFloat: false, twin: true))) + "}\n");
}
