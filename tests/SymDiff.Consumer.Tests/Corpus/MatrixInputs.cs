namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>
/// Two-dimensional array inputs beyond scalar results (the scalar ones are in the realistic corpus): a vector function
/// y = tanh(Wx) with Jacobians and vector forward mode, second derivatives with respect to a matrix, and a loop over rows
/// under <c>[Checkpoint]</c>.
/// </summary>
public static partial class MatrixInputs
{
    /// <summary>y = tanh(W x): a vector function of a matrix and a vector.</summary>
    [Differentiable]
    public static void TanhLayer(double[,] w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < w.GetLength(0); i++)
        {
            double z = 0;
            for (int j = 0; j < w.GetLength(1); j++)
            {
                z += w[i, j] * x[j];
            }

            y[i] = Math.Tanh(z);
        }
    }

    /// <summary>The energy ½uᵀKu + Σ k⁴/4 of a stiffness matrix K and displacements u, with its Hessians.</summary>
    [Differentiable(Hessian = true)]
    public static double Energy(double[,] k, ReadOnlySpan<double> u)
    {
        double e = 0;
        foreach (double v in k)
        {
            e += 0.25 * v * v * v * v;
        }

        for (int i = 0; i < u.Length; i++)
        {
            for (int j = 0; j < u.Length; j++)
            {
                e += 0.5 * u[i] * k[i, j] * u[j];
            }
        }

        return e;
    }

    /// <summary>A recurrence over the rows of a matrix, recomputed in segments by the reverse sweep.</summary>
    [Differentiable, Checkpoint]
    public static double RowRecurrence(double[,] a, double h0)
    {
        double h = h0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            double z = 0;
            for (int j = 0; j < a.GetLength(1); j++)
            {
                z += a[i, j] * h;
            }

            h = Math.Tanh(z);
        }

        return h;
    }
}
