namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// The fixed part of every driver: the record of checks, finite differences and span helpers. A check is six
/// numbers (id, generated value, references at the tiny, small and large steps, scale of the function's values); for
/// a value check every reference is the primal's value. An exception in a generated member is a check whose generated
/// value is NaN, with its message in <c>Messages()</c>.
/// </summary>
internal static class DriverPrelude
{
    public static string Text { get; } = Fixed + TwinMath();

    private const string Fixed = """
        using System;
        using System.Collections.Generic;

        public static partial class Driver
        {
            private static readonly List<double> Records = new();
            private static readonly List<string> Errors = new();

            public static string[] Messages() => Errors.ToArray();

            private static void Check(int id, double generated, double tiny, double small, double large, double scale)
            {
                Records.Add(id); Records.Add(generated); Records.Add(tiny); Records.Add(small); Records.Add(large); Records.Add(scale);
            }

            private static void Value(int id, double generated, double primal) => Check(id, generated, primal, primal, primal, Math.Abs(primal));

            private static void Failed(int id, Exception e)
            {
                Check(id, double.NaN, 0, 0, 0, 0);
                Errors.Add(id + ": " + e.GetType().Name + ": " + e.Message);
            }

            private static bool Finite(double[] values)
            {
                foreach (var v in values) { if (!double.IsFinite(v)) return false; }
                return true;
            }

            /// <summary>
            /// Central differences of every output of f by every input, step h·(1 + |z_k|); scale grows to the largest |f|.
            /// An entry is NaN (no reference: the classifier checks nothing against it) where f's values around z say
            /// nothing about the derivative the generated members compute at z:
            /// <list type="bullet">
            /// <item>f(z) is off the curve through f(z − step) and f(z + step): their second difference exceeds
            /// 1e4·step²·(1 + |f(z)|), a curvature of 1e4 no smooth function of the fuzzer reaches. f jumps at z alone, as
            /// where a branch condition holds in exact arithmetic and rounding decides it (−x ≥ (−x − (x + y) + y) + x,
            /// fuzzer seed 40877): the generated members take z's branch, as the primal does, and the differences see
            /// only the neighbours' branch.</item>
            /// <item>f(z) is not the primal's own value <paramref name="primal"/> (the whole row): f is the double twin of a
            /// float primal, and the two differ by more than the 1e-4 the generated values are held to, so the twin's
            /// derivative is not the float program's. The float value took another branch (an accumulator that underflows
            /// to 0 in float and is −6e−23 in double decides acc·2 ≥ acc, seed 40525) or its rounding was amplified (the
            /// sine of a float of size 1.7e5 is off by 0.1 in its argument, seeds 21487 and 40577).</item>
            /// <item>An intermediate value of the twin left the program's range at z: float's for a float program, double's
            /// (∞) for a double one; or a sine or a staircase (Round, Floor, …) took an argument past 1e8, where it
            /// oscillates or steps finer than any of the steps (every entry, see <see cref="TwinMath"/>).</item>
            /// <item>For a float program (<paramref name="own"/> is the float primal): the float program's own slope, by
            /// differences at a step float resolves (1e-3), is not the twin's to 1e-3 (half what a float derivative is held to). Its values agree, but the float
            /// program is so ill-conditioned at z that its rounding moves the slope: the float derivative is the slope
            /// of the float program, not of its twin (cos of a value about 1e4, whose float argument is off by 1e-3,
            /// seed 711069).</item>
            /// <item>A sine, cosine or tangent's argument moves by more than a radian between z − step and z + step (the
            /// twin's trace, see <see cref="TwinTrace"/>): the differences do not resolve the oscillation. Where later
            /// functions damp it below the value's rounding, they see none of it while the chain rule sees all of it
            /// (acc += sin((1 + 4acc²)³) four times, then eight tanh(0.0155·acc): 41 against 0, seed 711147). Likewise a
            /// staircase's (Round, Floor, …) argument moving by more than a stair: the differences see the envelope's slope
            /// where the staircase's derivative is 0 (Round(0.5 − √(1 + (y + 1.5)²)) at y ≈ 3.6e6, which a step of x moved
            /// by about 100: twice the chain rule's value, seed 951360).</item>
            /// <item>Only when <c>TwinMath.Diagnose</c> is set (the classifier re-runs a driver whose checks disagreed): the
            /// derivative is rounding-bound in the program's precision. The flow through an intermediate v_i is
            /// |∂f/∂v_i|·|∂v_i/∂z_k| (the first measured by adding a small δ to v_i alone, the second by the traces at
            /// z ± step); every sweep, forward or reverse, carries each flow into the derivative at the program's
            /// precision, so where the largest flow times the unit roundoff (6e-8 float, 1.1e-16 double) exceeds half
            /// the derivative's tolerance times 1 + |slope|, flows cancelled and their rounding is larger than the
            /// tolerance. A float tanh chain carries 4.4e13 into <c>b = e − e</c> (exactly 0) from both of its terms: the
            /// exact sum is 1, the float sum 0 (seed 702195).</item>
            /// </list>
            /// </summary>
            private static double[,] Jacobian(Func<double[], double[]> f, double[] z, double[] primal, double h, ref double scale, Func<double[], double[]>? own = null)
            {
                TwinMath.NoReference = false;
                var center = f(z);
                var overflowed = TwinMath.NoReference;
                var rows = center.Length;
                var adjoints = TwinMath.Diagnose ? Adjoints(f, z, center) : null;
                var result = new double[rows, z.Length];
                for (int k = 0; k < z.Length; k++)
                {
                    var step = h * (1 + Math.Abs(z[k]));
                    var plus = (double[])z.Clone(); plus[k] += step;
                    var minus = (double[])z.Clone(); minus[k] -= step;
                    var (fp, plusTrace) = Traced(f, plus);
                    var (fm, minusTrace) = Traced(f, minus);
                    var turns = plusTrace.Turns(minusTrace);
                    for (int r = 0; r < rows; r++)
                    {
                        var magnitude = 1 + Math.Abs(center[r]);
                        var jumps = Math.Abs(fp[r] + fm[r] - 2 * center[r]) > 1e4 * step * step * magnitude;
                        var twinDiffers = !(Math.Abs(center[r] - primal[r]) <= 1e-4 * (1 + Math.Abs(primal[r])));
                        var slope = (fp[r] - fm[r]) / (plus[k] - minus[k]);
                        var roundingBound = adjoints is not null
                            && TwinMath.UnitRoundoff * plusTrace.Flow(minusTrace, plus[k] - minus[k], adjoints[r]) > TwinMath.RoundingBudget * (1 + Math.Abs(slope));
                        result[r, k] = jumps || twinDiffers || overflowed || turns || roundingBound ? double.NaN : slope;
                        scale = Math.Max(scale, Math.Max(Math.Abs(fp[r]), Math.Abs(fm[r])));
                    }

                    if (own is not null)
                    {
                        var wide = 1e-3 * (1 + Math.Abs(z[k]));
                        var ownPlus = (double[])z.Clone(); ownPlus[k] += wide;
                        var ownMinus = (double[])z.Clone(); ownMinus[k] -= wide;
                        var (op, om) = (own(ownPlus), own(ownMinus));
                        for (int r = 0; r < rows; r++)
                        {
                            var slope = (op[r] - om[r]) / (ownPlus[k] - ownMinus[k]);
                            if (!(Math.Abs(slope - result[r, k]) <= 1e-3 * (1 + Math.Abs(result[r, k])) + 1e-4 * scale)) result[r, k] = double.NaN;
                        }
                    }
                }

                return result;
            }

            /// <summary>f at z with the twin's intermediate values and trigonometric arguments traced (and one nudged).</summary>
            private static (double[] Values, TwinTrace Trace) Traced(Func<double[], double[]> f, double[] z, int nudgeAt = -1, double nudge = 0)
            {
                var trace = new TwinTrace { NudgeAt = nudgeAt, Nudge = nudge };
                TwinMath.Trace = trace;
                try { return (f(z), trace); }
                finally { TwinMath.Trace = null; }
            }

            /// <summary>
            /// ∂f_r/∂v_i for every intermediate v_i of f at z: f with δ = 1e-7·(1 + |v_i|) added to v_i alone, less f, over δ
            /// (one evaluation per intermediate: run only to diagnose a disagreement).
            /// </summary>
            private static double[][] Adjoints(Func<double[], double[]> f, double[] z, double[] center)
            {
                var values = Traced(f, z).Trace.Values;
                var adjoints = new double[center.Length][];
                for (int r = 0; r < center.Length; r++) adjoints[r] = new double[values.Count];
                for (int i = 0; i < values.Count; i++)
                {
                    var delta = 1e-7 * (1 + Math.Abs(values[i]));
                    var (nudged, _) = Traced(f, z, i, delta);
                    for (int r = 0; r < center.Length; r++) adjoints[r][i] = (nudged[r] - center[r]) / delta;
                }

                return adjoints;
            }

            /// <summary>
            /// (g(z + s·t) − g(z − s·t))/2s for a vector function g (a generated gradient), s = h·(1 + max|z|): the
            /// directional derivative of g along t, which is H·t for a gradient. NaN where g is not finite, and
            /// everywhere where the first derivatives at z have no reference (<paramref name="first"/>, the primal's
            /// differences, has a NaN: see Jacobian): what makes the primal's differences no reference for g makes g's
            /// differences none for H·t (a cosine of 1e100, seed 722235). Scale grows to the largest |g|.
            /// </summary>
            private static double[] Directional(Func<double[], double[]> g, double[] z, double[] t, double h, ref double scale, double[,] first)
            {
                foreach (var entry in first)
                {
                    if (double.IsNaN(entry)) return Fill(z.Length, double.NaN);
                }

                double largest = 0;
                foreach (var v in z) largest = Math.Max(largest, Math.Abs(v));
                var step = h * (1 + largest);
                var plus = (double[])z.Clone();
                var minus = (double[])z.Clone();
                for (int k = 0; k < z.Length; k++) { plus[k] += step * t[k]; minus[k] -= step * t[k]; }
                var gp = g(plus);
                var gm = g(minus);
                var result = new double[gp.Length];
                for (int k = 0; k < gp.Length; k++)
                {
                    result[k] = double.IsFinite(gp[k]) && double.IsFinite(gm[k]) ? (gp[k] - gm[k]) / (2 * step) : double.NaN;
                    scale = Math.Max(scale, Math.Max(Math.Abs(gp[k]), Math.Abs(gm[k])));
                }

                return result;
            }

            /// <summary>Row 0 of J alone (a mixed method's result, without its outputs' rows), as a one-row Jacobian.</summary>
            private static double[,] Result(double[,] j)
            {
                var row = new double[1, j.GetLength(1)];
                for (int k = 0; k < j.GetLength(1); k++) row[0, k] = j[0, k];
                return row;
            }

            /// <summary>Σ_k weights[k]·J[row, k].</summary>
            private static double Row(double[,] j, int row, double[] weights)
            {
                double sum = 0;
                for (int k = 0; k < weights.Length; k++) sum += weights[k] * j[row, k];
                return sum;
            }

            /// <summary>Σ_r weights[r]·J[r, column].</summary>
            private static double Column(double[,] j, int column, double[] weights)
            {
                double sum = 0;
                for (int r = 0; r < weights.Length; r++) sum += weights[r] * j[r, column];
                return sum;
            }

            private static double[] Sl(double[] z, int start, int length) => z.AsSpan(start, length).ToArray();

            /// <summary>A rows × columns matrix of elements start… of z, row by row.</summary>
            private static double[,] Mx(double[] z, int start, int rows, int columns)
            {
                var m = new double[rows, columns];
                for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) m[i, j] = z[start + i * columns + j];
                return m;
            }

            private static float[,] MxF(double[] z, int start, int rows, int columns)
            {
                var m = new float[rows, columns];
                for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) m[i, j] = (float)z[start + i * columns + j];
                return m;
            }

            /// <summary>Directions for PushforwardN: the first is <paramref name="tv"/>, the others rotated, scaled and signed copies of it.</summary>
            private static double[][] Directions(double[] tv, int count)
            {
                var all = new double[count][];
                for (int k = 0; k < count; k++)
                {
                    all[k] = new double[tv.Length];
                    for (int i = 0; i < tv.Length; i++) all[k][i] = k == 0 ? tv[i] : tv[(i + k) % tv.Length] * (1 + 0.25 * k) * (i % 2 == 0 ? 1 : -1);
                }

                return all;
            }

            /// <summary>Elements start…start + length − 1 of every direction, one direction after another.</summary>
            private static double[] Dirs(double[][] tvs, int start, int length)
            {
                var flat = new double[tvs.Length * length];
                for (int k = 0; k < tvs.Length; k++) Array.Copy(tvs[k], start, flat, k * length, length);
                return flat;
            }

            private static float[] DirsF(double[][] tvs, int start, int length) => Array.ConvertAll(Dirs(tvs, start, length), v => (float)v);

            private static float[] SlF(double[] z, int start, int length) => Array.ConvertAll(Sl(z, start, length), v => (float)v);

            private static double[] Fill(int length, double value) { var a = new double[length]; Array.Fill(a, value); return a; }

            private static float[] FillF(int length, double value) { var a = new float[length]; Array.Fill(a, (float)value); return a; }

            private static double[] D(double[] a) => a;

            private static double[] D(float[] a) => Array.ConvertAll(a, v => (double)v);

            /// <summary>The elements of <paramref name="first"/>, then those of <paramref name="second"/>: two examples' spans back to back.</summary>
            private static T[] Cat<T>(T[] first, T[] second) { var all = new T[first.Length + second.Length]; first.CopyTo(all, 0); second.CopyTo(all, first.Length); return all; }
        }

        namespace FuzzGpu
        {
            using ILGPU;
            using ILGPU.Runtime;
            using ILGPU.Runtime.CPU;

            /// <summary>ILGPU's CPU accelerator for the per-example kernels' checks: made on first use, released by Driver.Run.</summary>
            public static class Gpu
            {
                private static Context? context;
                private static Accelerator? accelerator;
                private static readonly System.Collections.Generic.List<System.IDisposable> Buffers = new();

                public static Accelerator Accelerator => accelerator ??= (context = Context.Create(b => b.CPU().EnableAlgorithms())).CreateCPUAccelerator(0);

                public static ArrayView<T> View<T>(T[] values) where T : unmanaged
                {
                    var buffer = Accelerator.Allocate1D(values);
                    Buffers.Add(buffer);
                    return buffer.View;
                }

                public static double[] Read(object view) => view switch
                {
                    ArrayView<double> d => d.GetAsArray(),
                    ArrayView<float> f => System.Array.ConvertAll(f.GetAsArray(), v => (double)v),
                    _ => throw new System.ArgumentException("not a view of reals"),
                };

                public static void Release()
                {
                    foreach (var buffer in Buffers) buffer.Dispose();
                    Buffers.Clear();
                    accelerator?.Dispose();
                    context?.Dispose();
                    (accelerator, context) = (null, null);
                }
            }
        }
        """;

    /// <summary>
    /// The Math of the programs' twins: each result outside the program's range (float's for a float program, whose
    /// twin computes in double; double's for a double program: ∞) sets <c>TwinMath.NoReference</c>. Derivatives through a
    /// value that overflowed are not defined (its tangent is ∞, the next partial may be 0, and ∞·0 = NaN, in either
    /// mode, as README says), so the differences are no reference there (fuzzer seed 20488: Sinh(1 + ((1 + x²)^1.5)²)
    /// ≈ 1e47 at x = −1.94 in a float program, then Tanh; seed 80138: Atan(Sinh(1 + u²)) with Sinh = ∞ in a double
    /// one, where the chain rule gives 1/(1 + ∞²)·cosh = 0·∞). The values that grow past the range come from these
    /// functions (Sinh, Exp, Pow) and the arithmetic on them (a product of two large values, seed 201023), which the twin
    /// range-checks too.
    /// <para>
    /// It also sets the flag where a function's argument is past 1e8 and the function is periodic (Sin, Cos, Tan) or a
    /// staircase (Floor, Ceiling, Round, Truncate). The fuzzer's inputs are within ±2, so such an argument grew
    /// explosively (a sinh of a square) and moves by more than a period or a stair over the smallest difference step:
    /// the differences see the envelope's slope where the derivative of a staircase is 0 (Round of 1.7e13, seed 404098),
    /// or only part of the chain rule's terms, the oscillation averaged away (the sine of a 1e24, seed 400602).
    /// </para>
    /// </summary>
    /// <summary>
    /// One evaluation of the twin: every intermediate value (each range-checked result, in evaluation order) and every
    /// trigonometric argument. Two evaluations a step apart that ran the same operations (same lengths) say how fast
    /// the intermediates move and whether a sine turned more than a radian between them.
    /// </summary>
    private const string TraceText = """

        public sealed class TwinTrace
        {
            public readonly List<double> Values = new();
            public readonly List<double> Phases = new();
            public int NudgeAt = -1;
            public double Nudge;

            /// <summary>Whether a trigonometric argument moved by more than a radian, or a staircase's by more than a stair, between two evaluations of the same operations.</summary>
            public bool Turns(TwinTrace other)
            {
                if (Values.Count != other.Values.Count || Phases.Count != other.Phases.Count) return false;
                for (int i = 0; i < Phases.Count; i++)
                {
                    if (!(Math.Abs(Phases[i] - other.Phases[i]) <= 1)) return true;
                }

                return false;
            }

            /// <summary>The largest |adjoint_i|·|Δv_i|/distance over the intermediates (0 where the evaluations ran different operations).</summary>
            public double Flow(TwinTrace other, double distance, double[] adjoints)
            {
                if (Values.Count != other.Values.Count || Values.Count != adjoints.Length) return 0;
                double largest = 0;
                for (int i = 0; i < Values.Count; i++)
                {
                    var flow = Math.Abs(adjoints[i]) * Math.Abs(Values[i] - other.Values[i]);
                    if (double.IsFinite(flow)) largest = Math.Max(largest, flow);
                }

                return largest / Math.Abs(distance);
            }
        }
        """;

    private static string TwinMath()
    {
        var unary = new[] { "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh", "Exp", "Log", "Sqrt", "Cbrt", "Abs", "Floor", "Ceiling", "Round", "Truncate" };
        var binary = new[] { "Atan2", "Pow", "Max", "Min" };
        // Periodic functions and staircases: their arguments are traced (a sine that turns, or a staircase whose argument
        // crosses more than a stair, between two difference points is no reference) and resolved (past 1e8, none is).
        var traced = new[] { "Sin", "Cos", "Tan", "Floor", "Ceiling", "Round", "Truncate" };
        var functions = unary.Select(f => traced.Contains(f)
                ? $"    public static double {f}(double x) => R(Math.{f}(Phase(x)));"
                : $"    public static double {f}(double x) => R(Math.{f}(x));")
            .Concat(binary.Select(f => $"    public static double {f}(double x, double y) => R(Math.{f}(x, y));"))
            .Append("    public static double FusedMultiplyAdd(double x, double y, double z) => R(Math.FusedMultiplyAdd(x, y, z));")
            // x − y·round(x/y) (ties to even, as IEEERemainder): its jumps are Round's, which the twin traces.
            .Append("    public static double IEEERemainder(double x, double y) => R(x - y * Round(x / y));");
        return "\npublic static class TwinMath\n{\n    public static bool NoReference;\n    public static double Limit = float.MaxValue;\n    public static TwinTrace? Trace;\n\n" +
               "    public static bool IsFloat => Limit == float.MaxValue;\n\n" +
               "    public static double UnitRoundoff => IsFloat ? 6e-8 : 1.1e-16;\n\n" +
               "    public static double RoundingBudget => IsFloat ? 1e-3 : 5e-6;\n\n" +
               "    public static bool Diagnose;\n\n" +
               "    public static T R<T>(T v)\n    {\n        if (v is not double d) return v;\n        if (!(Math.Abs(d) <= Limit)) NoReference = true;\n        if (Trace is null) return v;\n" +
               "        if (Trace.Values.Count == Trace.NudgeAt) d += Trace.Nudge;\n        Trace.Values.Add(d);\n        return (T)(object)d;\n    }\n\n" +
               "    private static double Resolved(double x)\n    {\n        if (!(Math.Abs(x) <= 1e8)) NoReference = true;\n        return x;\n    }\n\n" +
               "    private static double Phase(double x)\n    {\n        Trace?.Phases.Add(x);\n        return Resolved(x);\n    }\n\n" +
               string.Join("\n", functions) + "\n}\n" + TraceText;
    }
}
