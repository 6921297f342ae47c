using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Emit;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Tests;

/// <summary>
/// The C# printer of the derivative IR (<see cref="DerivativePrinter"/>) on programs built by hand: how each statement is
/// spelled, and how it names the variables a pass added (fresh where declared, free again after a block that releases them).
/// </summary>
public sealed class DerivativePrinterTests
{
    private static string Print(DerivativeProgram program, params string[] taken)
    {
        var writer = new IndentedWriter();
        DerivativePrinter.Print(writer, program, input: null!, new HashSet<string>(taken, StringComparer.Ordinal), "tape");
        return writer.ToString();
    }

    private static LExpr Read(int var, ScalarKind type = ScalarKind.Double) => new LRead(type, var);

    private static LExpr Apply(Op op, params LExpr[] args) => new LApply(args[0].Type, op, args.ToEquatableArray());

    [Fact]
    public void AddedVariablesAreNamedWhereDeclaredAvoidingNamesInUseAndReleasedNamesAreReused()
    {
        var d = new DerivativeProgram();
        var x = d.Named("x", ScalarKind.Double, isArray: false);
        var i = d.Named("i", ScalarKind.Int, isArray: false);
        var shadow = d.Fresh("x", ScalarKind.Double);
        var first = d.Fresh("xLocal", ScalarKind.Double);
        var second = d.Fresh("xLocal", ScalarKind.Double);
        var kept = d.Fresh("xLocal", ScalarKind.Double);
        d.Body.Add(new DDeclare(shadow, DeclareForm.Typed, new LConst(ScalarKind.Double, 0)));
        d.Body.Add(new DScope(new DStmt[] { new DDeclare(first, DeclareForm.Typed, Read(x)), new DAssign(Read(x), Read(first)) }.ToEquatableArray(), new[] { first }.ToEquatableArray()));
        d.Body.Add(new DScope(new DStmt[] { new DDeclare(second, DeclareForm.Typed, Read(x)) }.ToEquatableArray(), EquatableArray<int>.Empty));
        d.Body.Add(new DDeclare(kept, DeclareForm.Typed, Read(shadow)));
        d.Body.Add(new DReturn(new[] { Read(x), Read(kept) }.ToEquatableArray()));

        Assert.Equal(
            """
            double x2 = 0.0;
            {
                double xLocal = x;
                x = xLocal;
            }
            {
                double xLocal = x;
            }
            double xLocal2 = x2;
            return (x, xLocal2);

            """,
            Print(d, "x", "i"));
    }

    [Fact]
    public void LoopsCallsScratchAndDeclarationsPrintAsCSharp()
    {
        var d = new DerivativeProgram();
        var n = d.Named("n", ScalarKind.Int, isArray: false);
        var i = d.Named("i", ScalarKind.Int, isArray: false);
        var w = d.Named("w", ScalarKind.Double, isArray: true);
        var s = d.Named("s", ScalarKind.Double, isArray: false);
        var buffer = d.Fresh("buffer", ScalarKind.Float, isArray: true);
        var mark = d.Fresh("scratch", ScalarKind.Int);
        var p = d.Fresh("p", ScalarKind.Double);
        var q = d.Fresh("p", ScalarKind.Double);
        var element = new LElement(ScalarKind.Double, w, Read(i, ScalarKind.Int));
        var body = new DStmt[]
        {
            new DAssign(Read(s), Apply(Op.Add, Read(s), element)),
            new DCall(new[] { Read(s), element }.ToEquatableArray(), "F", new[] { new DArg(element), new DArg(Read(s), ByRef: true) }.ToEquatableArray()),
            new DCall(new[] { Read(s) }.ToEquatableArray(), "G", new[] { new DArg(Read(w, ScalarKind.Double)) }.ToEquatableArray(), Element: 0, NamedPair: true),
        };
        d.Body.Add(new DDeclare(buffer, DeclareForm.EmptySpan));
        d.Body.Add(new DDeclare(mark, DeclareForm.Inferred, new LTapeMark()));
        d.Body.Add(new DAssign(Read(buffer, ScalarKind.Float), new LZeros(ScalarKind.Float, new LLength(w))));
        d.Body.Add(new DDeclare(new[] { p, q }.ToEquatableArray(), DeclareForm.Typed, new LConst(ScalarKind.Int, 0)));
        d.Body.Add(new DLoop(Apply(Op.Lt, Read(i, ScalarKind.Int), Read(n, ScalarKind.Int)), body.ToEquatableArray(), TestFirst: true, new DAssign(Read(i, ScalarKind.Int), new LConst(ScalarKind.Int, 0)), new DAccumulate(Read(i, ScalarKind.Int), new LConst(ScalarKind.Int, 2))));
        d.Body.Add(new DLoop(Apply(Op.Gt, Read(s), new LConst(ScalarKind.Double, 1)), new DStmt[] { new DClear(w) }.ToEquatableArray(), TestFirst: false));
        d.Body.Add(new DRelease(mark));

        Assert.Equal(
            """
            global::System.Span<float> buffer = default;
            var scratch = tape.Mark();
            buffer = tape.ZerosSingle(w.Length);
            double p = 0, p2 = 0;
            for (i = 0; i < n; i += 2)
            {
                s = s + w[i];
                (s, w[i]) = F(w[i], ref s);
                s = G(w).Value;
            }
            do
            {
                w.Clear();
            } while (s > 1.0);
            tape.Release(scratch);

            """,
            Print(d, "n", "i", "w", "s"));
    }

    [Fact]
    public void SlicesCopiesAndEmbeddedProgramsPrintAsCSharp()
    {
        var d = new DerivativeProgram();
        var jacobian = d.Named("jacobian", ScalarKind.Double, isArray: true);
        var y = d.Named("y", ScalarKind.Double, isArray: true);
        var row = d.Named("row", ScalarKind.Int, isArray: false);
        var start = d.Fresh("yStart", ScalarKind.Double, isArray: true);
        var line = d.Fresh("line", ScalarKind.Double, isArray: true);
        var inner = new DerivativeProgram();
        var x = inner.Named("x", ScalarKind.Double, isArray: false);
        var local = inner.Fresh("line", ScalarKind.Double);
        inner.Body.Add(new DDeclare(local, DeclareForm.Typed, Read(x)));
        d.Body.Add(new DDeclare(start, DeclareForm.Inferred, new LZeros(ScalarKind.Double, new LLength(y))));
        d.Body.Add(new DCopy(y, start));
        d.Body.Add(new DDeclare(line, DeclareForm.Inferred, new LSlice(ScalarKind.Double, jacobian, Apply(Op.Mul, Read(row, ScalarKind.Int), new LLength(y)), new LLength(y))));
        d.Body.Add(new DEmbedded(inner, Outlined: true));
        d.Body.Add(new DCopy(start, y));

        // The embedded program's names are allocated among the member's: its "line" is the second.
        Assert.Equal(
            """
            var yStart = tape.Zeros(y.Length);
            y.CopyTo(yStart);
            var line = jacobian.Slice(row * y.Length, y.Length);
            double line2 = x;
            yStart.CopyTo(y);

            """,
            Print(d, "jacobian", "y", "row", "x"));
    }
}
