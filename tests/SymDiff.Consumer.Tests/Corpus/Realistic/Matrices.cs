namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>
/// Two-dimensional arrays as users write them: norms, determinants, quadratic forms, layers, graphs and grids over
/// <c>double[,]</c> inputs (differentiable, or <c>[NoDerivative]</c> data), read with <c>a[i, j]</c>,
/// <c>GetLength</c>, <c>GetUpperBound</c>, <c>Length</c> and <c>foreach</c>, and passed whole to helpers.
/// A point lists a matrix by its rows (wrapped once more where it is the only argument, or params would spread it).
/// </summary>
public static partial class Matrices
{
    /// <summary>The squared Frobenius norm, Σᵢⱼ aᵢⱼ².</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops")]
    [At(new object[] { new object[] { new[] { 0.3, -1.2, 0.8 }, new[] { 2.1, 0.5, -0.7 } } })]
    [At(new object[] { new object[] { new[] { 1.5 }, new[] { -0.4 }, new[] { 0.9 } } })]
    public static double FrobeniusNormSquared(double[,] a)
    {
        double sum = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                sum += a[i, j] * a[i, j];
            }
        }

        return sum;
    }

    /// <summary>The determinant of a 3×3 matrix by cofactor expansion along the first row.</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices")]
    [At(new object[] { new object[] { new[] { 2.0, -1.0, 0.5 }, new[] { 0.3, 1.7, -0.2 }, new[] { 1.1, 0.4, 3.0 } } })]
    public static double Determinant3(double[,] m) =>
        m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
        - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
        + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);

    /// <summary>The quadratic form xᵀQx with a constant matrix Q.</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops", "spans", "no-derivative")]
    [At(new[] { 0.4, -0.3, 1.2 }, new object[] { new[] { 2.0, 0.1, -0.3 }, new[] { 0.1, 1.5, 0.2 }, new[] { -0.3, 0.2, 0.9 } })]
    public static double QuadraticForm(ReadOnlySpan<double> x, [NoDerivative] double[,] q)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                sum += x[i] * q[i, j] * x[j];
            }
        }

        return sum;
    }

    /// <summary>The bilinear form xᵀAy, differentiable in the matrix and both vectors.</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops", "spans")]
    [At(new object[] { new[] { 1.0, -0.5 }, new[] { 0.3, 2.0 }, new[] { -1.2, 0.7 } }, new[] { 0.2, -0.6, 1.1 }, new[] { 0.9, 0.4 })]
    public static double BilinearForm(double[,] a, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int i = 0; i <= a.GetUpperBound(0); i++)
        {
            double row = 0;
            for (int j = 0; j <= a.GetUpperBound(1); j++)
            {
                row += a[i, j] * y[j];
            }

            sum += x[i] * row;
        }

        return sum;
    }

    /// <summary>trace(AB) through a helper that takes both matrices whole.</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops", "calls")]
    [At(new object[] { new[] { 1.0, 2.0, -0.5 }, new[] { 0.3, -1.1, 0.8 } }, new object[] { new[] { 0.4, 1.2 }, new[] { -0.7, 0.5 }, new[] { 2.0, 0.1 } })]
    public static double TraceOfProduct(double[,] a, double[,] b)
    {
        double trace = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            trace += RowTimesColumn(a, b, i, i);
        }

        return trace;
    }

    /// <summary>(AB)ᵢⱼ: row i of A times column j of B.</summary>
    [Differentiable, Constructs("matrices", "loops")]
    [At(new object[] { new[] { 1.0, 2.0 }, new[] { 0.3, -1.1 } }, new object[] { new[] { 0.4, 1.2 }, new[] { -0.7, 0.5 } }, 1, 0)]
    public static double RowTimesColumn(double[,] a, double[,] b, int i, int j)
    {
        double sum = 0;
        for (int k = 0; k < a.GetLength(1); k++)
        {
            sum += a[i, k] * b[k, j];
        }

        return sum;
    }

    /// <summary>A tanh layer y = tanh(Wx + b) and its squared error against a target, with a scratch buffer.</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops", "spans", "buffers", "math", "no-derivative")]
    [At(new object[] { new[] { 0.2, -0.4, 0.1 }, new[] { 0.5, 0.3, -0.6 } }, new[] { 0.05, -0.1 }, new[] { 1.0, 0.5, -1.5 }, new[] { 0.3, -0.2 })]
    public static double LayerLoss(double[,] w, ReadOnlySpan<double> bias, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> target)
    {
        int outputs = w.GetLength(0);
        Span<double> h = stackalloc double[outputs];
        for (int i = 0; i < outputs; i++)
        {
            double z = bias[i];
            for (int j = 0; j < w.GetLength(1); j++)
            {
                z += w[i, j] * x[j];
            }

            h[i] = Math.Tanh(z);
        }

        double loss = 0;
        for (int i = 0; i < outputs; i++)
        {
            double e = h[i] - target[i];
            loss += e * e;
        }

        return loss / outputs;
    }

    /// <summary>The Laplacian energy Σ wᵢⱼ (xᵢ − xⱼ)² of a graph given by an integer weight matrix.</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops", "spans", "no-derivative")]
    [At(new[] { 0.3, -1.0, 0.7, 1.4 }, new object[] { new[] { 0.0, 1, 0, 2 }, new[] { 1.0, 0, 3, 0 }, new[] { 0.0, 3, 0, 1 }, new[] { 2.0, 0, 1, 0 } })]
    public static double LaplacianEnergy(ReadOnlySpan<double> x, [NoDerivative] int[,] weights)
    {
        double energy = 0;
        int n = weights.GetLength(0);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (weights[i, j] != 0)
                {
                    double d = x[i] - x[j];
                    energy += weights[i, j] * d * d;
                }
            }
        }

        return energy;
    }

    /// <summary>The mean of squares of a single-precision matrix.</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops", "float")]
    [At(new object[] { new object[] { new[] { 0.5, -1.25 }, new[] { 0.75, 2.0 } } })]
    public static float MeanSquareSingle(float[,] a)
    {
        float sum = 0f;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                sum += a[i, j] * a[i, j];
            }
        }

        return sum / a.Length;
    }

    /// <summary>A scaled log-sum-exp over every entry, read with foreach (row-major, as C# enumerates a matrix).</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops", "math")]
    [At(new object[] { new[] { 0.3, -1.2 }, new[] { 0.8, 2.1 }, new[] { -0.5, 0.4 } }, 1.5)]
    public static double ScaledLogSumExp(double[,] a, double scale)
    {
        double max = double.NegativeInfinity;
        foreach (double v in a)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (double v in a)
        {
            sum += Math.Exp(scale * (v - max));
        }

        return max * scale + Math.Log(sum);
    }

    /// <summary>The energy of springs between 2-D points, with rest lengths in a constant matrix (0: no spring).</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops", "math", "no-derivative")]
    [At(new object[] { new[] { 0.0, 0.1 }, new[] { 1.2, -0.2 }, new[] { 0.4, 0.9 } }, new object[] { new[] { 0.0, 1.0, 0.8 }, new[] { 1.0, 0.0, 1.1 }, new[] { 0.8, 1.1, 0.0 } }, 2.5)]
    public static double SpringEnergy(double[,] positions, [NoDerivative] double[,] rest, double stiffness)
    {
        double energy = 0;
        int n = positions.GetLength(0);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (rest[i, j] > 0)
                {
                    double dx = positions[i, 0] - positions[j, 0];
                    double dy = positions[i, 1] - positions[j, 1];
                    double stretch = Math.Sqrt(dx * dx + dy * dy) - rest[i, j];
                    energy += 0.5 * stiffness * stretch * stretch;
                }
            }
        }

        return energy;
    }

    /// <summary>Bilinear interpolation in cell (i, j) of a grid of values at fractions (fx, fy) of the cell.</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "no-derivative")]
    [At(new object[] { new[] { 0.0, 1.0, 0.5 }, new[] { 2.0, -1.0, 0.3 }, new[] { 1.5, 0.7, -0.2 } }, 1, 0, 0.3, 0.8)]
    public static double Bilerp(double[,] grid, [NoDerivative] int i, [NoDerivative] int j, double fx, double fy)
    {
        double top = grid[i, j] * (1 - fx) + grid[i, j + 1] * fx;
        double bottom = grid[i + 1, j] * (1 - fx) + grid[i + 1, j + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    /// <summary>The squared Mahalanobis distance (x − μ)ᵀP(x − μ) with a constant precision matrix.</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops", "spans", "buffers", "no-derivative")]
    [At(new[] { 0.5, -0.2 }, new[] { 0.1, 0.3 }, new object[] { new[] { 2.0, -0.4 }, new[] { -0.4, 1.0 } })]
    public static double MahalanobisSquared(ReadOnlySpan<double> x, ReadOnlySpan<double> mu, [NoDerivative] double[,] precision)
    {
        Span<double> d = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            d[i] = x[i] - mu[i];
        }

        double sum = 0;
        for (int i = 0; i < d.Length; i++)
        {
            for (int j = 0; j < d.Length; j++)
            {
                sum += d[i] * precision[i, j] * d[j];
            }
        }

        return sum;
    }

    /// <summary>The least-squares loss of a polynomial surface z = Σ cₚ,ₖ xᵖ yᵏ against samples.</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops", "spans", "no-derivative")]
    [At(new object[] { new[] { 0.1, -0.3 }, new[] { 0.5, 0.2 } }, new[] { 0.0, 0.5, 1.0 }, new[] { 1.0, -0.5, 0.3 }, new[] { 0.2, 0.4, 0.1 })]
    public static double SurfaceFitLoss(double[,] coefficients, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys, [NoDerivative] ReadOnlySpan<double> zs)
    {
        double loss = 0;
        for (int s = 0; s < xs.Length; s++)
        {
            double z = 0;
            double xp = 1;
            for (int p = 0; p < coefficients.GetLength(0); p++)
            {
                double yk = 1;
                for (int k = 0; k < coefficients.GetLength(1); k++)
                {
                    z += coefficients[p, k] * xp * yk;
                    yk *= ys[s];
                }

                xp *= xs[s];
            }

            double r = z - zs[s];
            loss += r * r;
        }

        return loss;
    }

    /// <summary>The softmax cross-entropy of each row of logits against its label, averaged; rows scanned with a local function.</summary>
    [Differentiable(PushforwardN = true), Constructs("matrices", "loops", "math", "local-functions", "no-derivative")]
    [At(new object[] { new[] { 0.2, 1.5, -0.3 }, new[] { -1.0, 0.4, 2.2 } }, new[] { 1.0, 2.0 })]
    public static double RowCrossEntropy(double[,] logits, [NoDerivative] ReadOnlySpan<double> labels)
    {
        double total = 0;
        int rows = logits.GetLength(0);
        for (int r = 0; r < rows; r++)
        {
            total += RowLoss(logits, r, (int)labels[r]);
        }

        return total / rows;

        static double RowLoss(double[,] z, int row, int label)
        {
            double max = z[row, 0];
            for (int c = 1; c < z.GetLength(1); c++)
            {
                max = Math.Max(max, z[row, c]);
            }

            double sum = 0;
            for (int c = 0; c < z.GetLength(1); c++)
            {
                sum += Math.Exp(z[row, c] - max);
            }

            return max + Math.Log(sum) - z[row, label];
        }
    }
}
