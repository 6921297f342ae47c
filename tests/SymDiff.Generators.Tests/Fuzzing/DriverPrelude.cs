namespace SymDiff.Generators.Tests.Fuzzing;

/// <summary>
/// The fixed part of every driver: the record of checks, finite differences and span helpers. A check is five
/// numbers (id, generated value, reference at the small step, reference at the large step, scale of the function's
/// values); for a value check both references are the primal's value. An exception in a generated member is a check
/// whose generated value is NaN, with its message in <c>Messages()</c>.
/// </summary>
internal static class DriverPrelude
{
    public const string Text = """
        using System;
        using System.Collections.Generic;

        public static partial class Driver
        {
            private static readonly List<double> Records = new();
            private static readonly List<string> Errors = new();

            public static string[] Messages() => Errors.ToArray();

            private static void Check(int id, double generated, double small, double large, double scale)
            {
                Records.Add(id); Records.Add(generated); Records.Add(small); Records.Add(large); Records.Add(scale);
            }

            private static void Value(int id, double generated, double primal) => Check(id, generated, primal, primal, Math.Abs(primal));

            private static void Failed(int id, Exception e)
            {
                Check(id, double.NaN, 0, 0, 0);
                Errors.Add(id + ": " + e.GetType().Name + ": " + e.Message);
            }

            private static bool Finite(double[] values)
            {
                foreach (var v in values) { if (!double.IsFinite(v)) return false; }
                return true;
            }

            /// <summary>Central differences of every output of f by every input, step h·(1 + |z_k|); scale grows to the largest |f|.</summary>
            private static double[,] Jacobian(Func<double[], double[]> f, double[] z, double h, ref double scale)
            {
                var rows = f(z).Length;
                var result = new double[rows, z.Length];
                for (int k = 0; k < z.Length; k++)
                {
                    var step = h * (1 + Math.Abs(z[k]));
                    var plus = (double[])z.Clone(); plus[k] += step;
                    var minus = (double[])z.Clone(); minus[k] -= step;
                    var fp = f(plus);
                    var fm = f(minus);
                    for (int r = 0; r < rows; r++)
                    {
                        result[r, k] = (fp[r] - fm[r]) / (plus[k] - minus[k]);
                        scale = Math.Max(scale, Math.Max(Math.Abs(fp[r]), Math.Abs(fm[r])));
                    }
                }

                return result;
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

            private static float[] SlF(double[] z, int start, int length) => Array.ConvertAll(Sl(z, start, length), v => (float)v);

            private static double[] Fill(int length, double value) { var a = new double[length]; Array.Fill(a, value); return a; }

            private static float[] FillF(int length, double value) { var a = new float[length]; Array.Fill(a, (float)value); return a; }

            private static double[] D(double[] a) => a;

            private static double[] D(float[] a) => Array.ConvertAll(a, v => (double)v);
        }
        """;
}
