using SymDiff.Tensors;

namespace SymDiff.Tests;

internal static class TestData
{
    public static Tensor<float> RandomMatrix(int rows, int columns, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var t = new Tensor<float>(rows, columns);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        }

        return t;
    }

    /// <summary>Values kept at least 0.05 away from 0 and ±1, where ReLU and hard tanh have kinks.</summary>
    public static Tensor<float> AwayFromKinks(int rows, int columns, int seed)
    {
        var t = RandomMatrix(rows, columns, seed, 2f);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++)
        {
            foreach (var kink in (float[])[0f, 1f, -1f])
            {
                if (MathF.Abs(s[i] - kink) < 0.05f)
                {
                    s[i] = kink + (s[i] >= kink ? 0.1f : -0.1f);
                }
            }
        }

        return t;
    }

    /// <summary>Shifts a dense layer's biases so no pre-activation of <paramref name="x"/> is within 0.1 of 0.</summary>
    public static void KeepPreActivationsAwayFromZero(Layers.Dense dense, Tensor<float> x)
    {
        for (var j = 0; j < dense.OutputSize; j++)
        {
            foreach (var shift in (float[])[0f, 0.15f, -0.15f, 0.3f, -0.3f, 0.45f, -0.45f, 0.6f, -0.6f, 0.8f, -0.8f])
            {
                var ok = true;
                for (var r = 0; r < x.Rows && ok; r++)
                {
                    var z = dense.Bias.Value[j] + shift;
                    for (var c = 0; c < dense.InputSize; c++)
                    {
                        z += dense.Weight.Value[j, c] * x[r, c];
                    }

                    ok = MathF.Abs(z) >= 0.1f;
                }

                if (ok)
                {
                    dense.Bias.Value[j] += shift;
                    break;
                }
            }
        }
    }

    public static Tensor<float> Classes(int rows, int classes, int seed)
    {
        var rng = new Random(seed);
        var t = new Tensor<float>(rows);
        for (var i = 0; i < rows; i++)
        {
            t[i] = rng.Next(classes);
        }

        return t;
    }
}
