using System.Diagnostics;
using System.Globalization;
using System.Text;
using SymDiff.Generators.Tests.Infrastructure;

namespace SymDiff.Generators.Tests;

/// <summary>
/// Second derivatives against a symbolic oracle: seeded random expressions in x, y, z, written once in C# and once in
/// SymPy, whose exact Hessian SymPy computes and evaluates to 30 digits. Each expression is differentiated twice by
/// SymDiff as a method over scalars (the fused graph), as a method over a span (the tangent program of the loop path)
/// and through a call of the scalar one (the callee's <c>PushforwardPullback</c>). Skipped, saying why, where Debian's
/// <c>python3-sympy</c> is not installed (<c>.ci/run</c> installs it).
/// </summary>
public sealed class SympyOracleTests
{
    private const string Python = "/usr/bin/python3";
    private const int Expressions = 16;

    private static readonly double[][] Points = { new[] { 0.4, -0.7, 0.9 }, new[] { -1.1, 0.3, -0.2 } };

    /// <summary>An expression in both notations.</summary>
    private sealed record Expr(string CSharp, string Sympy);

    [SkippableFact]
    public void HessiansOfRandomExpressionsMatchSymPy()
    {
        Skip.IfNot(SympyAvailable.Value, "Debian's python3-sympy is not installed for " + Python + " (apt-get install python3-sympy; .ci/run installs it)");
        var random = new Random(20261204);
        var expressions = new List<Expr>();
        while (expressions.Count < Expressions)
        {
            // A constant has no second derivatives to check (and SD0009 says so).
            if (Generate(random, depth: 3) is var e && e.CSharp.IndexOfAny(['x', 'y', 'z']) >= 0)
            {
                expressions.Add(e);
            }
        }


        var exact = Oracle(expressions);
        var generated = Execution.RunDriver(Source(expressions));
        Assert.Equal(exact.Count * 3 * 9, generated.Length);
        for (var e = 0; e < exact.Count; e++)
        {
            var scale = Math.Max(1, exact[e].Max(Math.Abs));
            for (var form = 0; form < 3; form++)
            {
                for (var k = 0; k < 9; k++)
                {
                    var actual = generated[(((e * 3) + form) * 9) + k];
                    var expected = exact[e][k];
                    var which = form switch { 0 => "over scalars", 1 => "over a span", _ => "through a call" };
                    Assert.True(Math.Abs(actual - expected) <= 1e-9 * scale,
                        $"expression {e / Points.Length} at point {e % Points.Length}, {which}, entry {k}: {actual} vs SymPy's {expected}\n{expressions[e / Points.Length].CSharp}");
                }
            }
        }
    }

    /// <summary>A random expression whose value and derivatives stay finite and moderate near the origin.</summary>
    private static Expr Generate(Random random, int depth)
    {
        if (depth == 0 || random.Next(4) == 0)
        {
            if (random.Next(4) == 0)
            {
                var c = new[] { "0.5", "1.5", "2.0", "0.25", "3.0" }[random.Next(5)];
                return new Expr(c, c);
            }

            var v = new[] { "x", "y", "z" }[random.Next(3)];
            return new Expr(v, v);
        }

        var a = Generate(random, depth - 1);
        switch (random.Next(11))
        {
            case 0: return Unary("Math.Exp", "exp", a);
            case 1: return Unary("Math.Sin", "sin", a);
            case 2: return Unary("Math.Cos", "cos", a);
            case 3: return Unary("Math.Tanh", "tanh", a);
            case 4: return Unary("Math.Atan", "atan", a);
            case 5: return new Expr($"Math.Log(1.0 + {a.CSharp} * {a.CSharp})", $"log(1 + ({a.Sympy})**2)");
            case 6: return new Expr($"Math.Sqrt(1.0 + {a.CSharp} * {a.CSharp})", $"sqrt(1 + ({a.Sympy})**2)");
            case 7: return new Expr($"Math.Pow(1.0 + {a.CSharp} * {a.CSharp}, 1.5)", $"(1 + ({a.Sympy})**2)**Rational(3, 2)");
        }

        var b = Generate(random, depth - 1);
        return random.Next(4) switch
        {
            0 => new Expr($"({a.CSharp} + {b.CSharp})", $"({a.Sympy} + {b.Sympy})"),
            1 => new Expr($"({a.CSharp} - {b.CSharp})", $"({a.Sympy} - {b.Sympy})"),
            2 => new Expr($"({a.CSharp} * {b.CSharp})", $"({a.Sympy} * {b.Sympy})"),
            _ => new Expr($"({a.CSharp} / (1.0 + {b.CSharp} * {b.CSharp}))", $"({a.Sympy} / (1 + ({b.Sympy})**2))"),
        };
    }

    private static Expr Unary(string csharp, string sympy, Expr a) => new($"{csharp}({a.CSharp})", $"{sympy}({a.Sympy})");

    /// <summary>
    /// Three methods per expression, and a driver returning, per expression and point, the 3×3 Hessian of each in turn.
    /// The constants are written as doubles (1.0, 0.5), so C# divides as SymPy does.
    /// </summary>
    private static string Source(IReadOnlyList<Expr> expressions)
    {
        var text = new StringBuilder("using System;\nusing SymDiff;\n\npublic static partial class P\n{\n");
        for (var i = 0; i < expressions.Count; i++)
        {
            var e = expressions[i].CSharp;
            text.Append($"    [Differentiable(Hessian = true)]\n    public static double E{i}(double x, double y, double z) => {e};\n\n");
            text.Append($"    [Differentiable(Hessian = true)]\n    public static double V{i}(ReadOnlySpan<double> v)\n    {{\n        double x = v[0];\n        double y = v[1];\n        double z = v[2];\n        return {e};\n    }}\n\n");
            text.Append($"    [Differentiable(Hessian = true)]\n    public static double C{i}(ReadOnlySpan<double> v)\n    {{\n        double s = 0;\n        for (int k = 0; k < 1; k++)\n        {{\n            s += E{i}(v[0], v[1], v[2]);\n        }}\n\n        return s;\n    }}\n\n");
        }

        text.Append("}\n\npublic static class Driver\n{\n    public static double[] Run()\n    {\n        var all = new System.Collections.Generic.List<double>();\n        var h = new double[9];\n");
        for (var i = 0; i < expressions.Count; i++)
        {
            foreach (var p in Points)
            {
                var (x, y, z) = (Number(p[0]), Number(p[1]), Number(p[2]));
                text.Append($"        P.E{i}Hessian({x}, {y}, {z}, h); all.AddRange(h);\n");
                text.Append($"        P.V{i}Hessian(new double[] {{ {x}, {y}, {z} }}, h); all.AddRange(h);\n");
                text.Append($"        P.C{i}Hessian(new double[] {{ {x}, {y}, {z} }}, h); all.AddRange(h);\n");
            }
        }

        text.Append("        return all.ToArray();\n    }\n}\n");
        return text.ToString();
    }

    /// <summary>SymPy's Hessian of each expression at each point, row-major, in the driver's order.</summary>
    private static List<double[]> Oracle(IReadOnlyList<Expr> expressions)
    {
        var script = new StringBuilder("from sympy import *\nx, y, z = symbols('x y z')\n");
        foreach (var e in expressions)
        {
            script.Append($"f = sympify({e.Sympy})\nH = hessian(f, (x, y, z))\n");
            foreach (var p in Points)
            {
                script.Append($"print(' '.join(repr(float(N(H[i, j].subs({{x: {Number(p[0])}, y: {Number(p[1])}, z: {Number(p[2])}}}), 30))) for i in range(3) for j in range(3)))\n");
            }
        }

        var (code, output) = RunPython(script.ToString());
        Assert.True(code == 0, "SymPy failed:\n" + output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static readonly Lazy<bool> SympyAvailable = new(() => File.Exists(Python) && RunPython("import sympy\n").Code == 0);

    private static (int Code, string Output) RunPython(string script)
    {
        var start = new ProcessStartInfo(Python, "-") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "SymPy did not finish in two minutes");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
