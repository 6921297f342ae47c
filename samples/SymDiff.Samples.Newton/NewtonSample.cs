namespace SymDiff.Samples.Newton;

/// <summary>The sample's settings: the data and the stopping rule.</summary>
/// <param name="Seed">The random seed of the data.</param>
/// <param name="Points">Training points.</param>
/// <param name="Tolerance">Both methods stop once the gradient's largest entry is below this.</param>
/// <param name="MaxIterations">Both methods give up after this many steps.</param>
/// <param name="LearningRate">Gradient descent's step size.</param>
public sealed record NewtonSettings(int Seed = 1, int Points = 400, double Tolerance = 1e-8, int MaxIterations = 20000, double LearningRate = 0.5);

/// <summary>One method's run: its steps, final loss and parameters, and its loss after each step.</summary>
public sealed record MethodRun(string Method, int Iterations, bool Converged, double Loss, double[] Parameters, List<double> History);

/// <summary>
/// Both runs, the data's accuracy under Newton's parameters, and two checks of the generated Hessian: against central
/// differences of the generated gradient, and against the mean of the per-example Hessians.
/// </summary>
public sealed record NewtonResult(MethodRun Newton, MethodRun GradientDescent, double Accuracy, double HessianCheckError, double PerExampleHessianError);

/// <summary>
/// Logistic regression on two Gaussian clouds, trained by Newton's method and by gradient descent from the same start.
/// The loss is a <c>[Differentiable(Hessian = true)]</c> loop over the data calling the per-example loss, itself a
/// <c>[Differentiable(Hessian = true)]</c> method over scalars: one call of the generated <c>MeanLossHessian</c> gives the
/// Hessian of the whole loss (through the call), and each Newton step solves H·Δ = −g (a 3×3 system).
/// </summary>
public static partial class NewtonSample
{
    /// <summary>
    /// Binary cross-entropy of one example with logit z = w0·x0 + w1·x1 + b and label y ∈ {0, 1}:
    /// softplus(z) − y·z, with softplus written so that neither it nor its derivatives overflow.
    /// </summary>
    [Differentiable(Hessian = true)]
    public static double ExampleLoss(double w0, double w1, double b, [NoDerivative] double x0, [NoDerivative] double x1, [NoDerivative] double y)
    {
        double z = (w0 * x0) + (w1 * x1) + b;
        return Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - (y * z);
    }

    /// <summary>The mean of <see cref="ExampleLoss"/> over the data, with parameters p = (w0, w1, b).</summary>
    [Differentiable(Hessian = true)]
    public static double MeanLoss(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> x0, [NoDerivative] ReadOnlySpan<double> x1, [NoDerivative] ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += ExampleLoss(p[0], p[1], p[2], x0[i], x1[i], y[i]);
        }

        return sum / y.Length;
    }

    public static NewtonResult Run(NewtonSettings settings)
    {
        var (xs, ys) = Data(settings);
        var newton = Train("Newton", settings, xs, ys, newton: true);
        var descent = Train("gradient descent", settings, xs, ys, newton: false);
        var correct = 0;
        for (var i = 0; i < ys.Length; i++)
        {
            var z = (newton.Parameters[0] * xs[i, 0]) + (newton.Parameters[1] * xs[i, 1]) + newton.Parameters[2];
            correct += (z >= 0) == (ys[i] == 1) ? 1 : 0;
        }

        return new NewtonResult(newton, descent, (double)correct / ys.Length, HessianCheck(xs, ys), PerExampleCheck(xs, ys));
    }

    private static MethodRun Train(string method, NewtonSettings settings, double[,] xs, double[] ys, bool newton)
    {
        var p = new double[3];
        var history = new List<double>();
        var gradient = new double[3];
        var hessian = new double[9];
        for (var iteration = 0; iteration <= settings.MaxIterations; iteration++)
        {
            var loss = Sum(p, xs, ys, gradient, newton ? hessian : null);
            history.Add(loss);
            if (gradient.Max(Math.Abs) < settings.Tolerance)
            {
                return new MethodRun(method, iteration, true, loss, p, history);
            }

            if (iteration == settings.MaxIterations)
            {
                break;
            }

            var step = newton ? Solve(hessian, gradient) : gradient.Select(g => settings.LearningRate * g).ToArray();
            for (var k = 0; k < 3; k++)
            {
                p[k] -= step[k];
            }
        }

        return new MethodRun(method, settings.MaxIterations, false, history[^1], p, history);
    }

    /// <summary>The mean loss, its gradient and, when asked, its Hessian: the generated members of <see cref="MeanLoss"/>.</summary>
    private static double Sum(double[] p, double[,] xs, double[] ys, double[] gradient, double[]? hessian)
    {
        var (x0, x1) = Columns(xs);
        var loss = MeanLossGradient(p, x0, x1, ys, gradient);
        if (hessian is not null)
        {
            MeanLossHessian(p, x0, x1, ys, hessian);
        }

        return loss;
    }

    private static (double[] X0, double[] X1) Columns(double[,] xs)
    {
        var (x0, x1) = (new double[xs.GetLength(0)], new double[xs.GetLength(0)]);
        for (var i = 0; i < x0.Length; i++)
        {
            (x0[i], x1[i]) = (xs[i, 0], xs[i, 1]);
        }

        return (x0, x1);
    }

    /// <summary>The largest difference between <c>MeanLossHessian</c> and the mean of the generated per-example Hessians.</summary>
    private static double PerExampleCheck(double[,] xs, double[] ys)
    {
        double[] p = [0.3, -0.7, 0.2];
        var whole = new double[9];
        Sum(p, xs, ys, new double[3], whole);
        var mean = new double[9];
        Span<double> h = stackalloc double[9];
        for (var i = 0; i < ys.Length; i++)
        {
            ExampleLossHessian(p[0], p[1], p[2], xs[i, 0], xs[i, 1], ys[i], h);
            for (var k = 0; k < 9; k++)
            {
                mean[k] += h[k] / ys.Length;
            }
        }

        return Enumerable.Range(0, 9).Max(k => Math.Abs(whole[k] - mean[k]));
    }

    /// <summary>Δ with H·Δ = g, by Gaussian elimination with partial pivoting (H is 3×3, symmetric positive definite here).</summary>
    private static double[] Solve(double[] h, double[] g)
    {
        var a = new double[3, 4];
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                a[r, c] = h[(r * 3) + c];
            }

            a[r, 3] = g[r];
        }

        for (var col = 0; col < 3; col++)
        {
            var pivot = Enumerable.Range(col, 3 - col).MaxBy(r => Math.Abs(a[r, col]));
            for (var c = 0; c < 4; c++)
            {
                (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            }

            for (var r = col + 1; r < 3; r++)
            {
                var f = a[r, col] / a[col, col];
                for (var c = col; c < 4; c++)
                {
                    a[r, c] -= f * a[col, c];
                }
            }
        }

        var x = new double[3];
        for (var r = 2; r >= 0; r--)
        {
            var s = a[r, 3];
            for (var c = r + 1; c < 3; c++)
            {
                s -= a[r, c] * x[c];
            }

            x[r] = s / a[r, r];
        }

        return x;
    }

    /// <summary>The largest difference between the generated Hessian and central differences of the generated gradient.</summary>
    private static double HessianCheck(double[,] xs, double[] ys)
    {
        double[] p = [0.3, -0.7, 0.2];
        var h = new double[9];
        var g = new double[3];
        Sum(p, xs, ys, g, h);
        var error = 0.0;
        for (var k = 0; k < 3; k++)
        {
            var (plus, minus) = ((double[])p.Clone(), (double[])p.Clone());
            plus[k] += 1e-5;
            minus[k] -= 1e-5;
            var (gp, gm) = (new double[3], new double[3]);
            Sum(plus, xs, ys, gp, null);
            Sum(minus, xs, ys, gm, null);
            for (var r = 0; r < 3; r++)
            {
                error = Math.Max(error, Math.Abs(h[(r * 3) + k] - ((gp[r] - gm[r]) / 2e-5)));
            }
        }

        return error;
    }

    /// <summary>Two overlapping Gaussian clouds, labels 0 and 1, from the seed.</summary>
    private static (double[,] Xs, double[] Ys) Data(NewtonSettings settings)
    {
        var random = new Random(settings.Seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var xs = new double[settings.Points, 2];
        var ys = new double[settings.Points];
        for (var i = 0; i < settings.Points; i++)
        {
            var label = i % 2;
            ys[i] = label;
            xs[i, 0] = (label == 1 ? 1.0 : -0.5) + Normal();
            xs[i, 1] = (label == 1 ? 0.5 : -1.0) + (0.8 * Normal());
        }

        return (xs, ys);
    }

    public static void Print(NewtonResult result, TextWriter output)
    {
        foreach (var run in new[] { result.Newton, result.GradientDescent })
        {
            var state = run.Converged ? $"converged in {run.Iterations} steps" : $"not converged after {run.Iterations} steps";
            output.WriteLine($"{run.Method,-17} {state,-32} loss {run.Loss:F10}  w = ({run.Parameters[0]:F6}, {run.Parameters[1]:F6}), b = {run.Parameters[2]:F6}");
        }

        output.WriteLine($"training accuracy {result.Accuracy:P1}; generated Hessian vs differences of the generated gradient: {result.HessianCheckError:E1}, vs the mean of the per-example Hessians: {result.PerExampleHessianError:E1}");
        var losses = result.Newton.History.Take(8).Select((l, i) => $"{i}: {l:F10}");
        output.WriteLine($"Newton's losses: {string.Join(", ", losses)}");
    }
}
