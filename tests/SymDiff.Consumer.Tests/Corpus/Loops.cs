namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>Loops over spans and arrays: the shapes real objectives take (issue: loops and arrays).</summary>
public static partial class Loops
{
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>‖W x‖² for W stored row-major (rows × x.Length), through a local buffer.</summary>
    [Differentiable]
    public static double MatVecSquaredNorm(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int rows)
    {
        int cols = x.Length;
        Span<double> y = stackalloc double[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                y[r] += w[r * cols + c] * x[c];
            }
        }

        double norm = 0;
        foreach (var v in y)
        {
            norm += v * v;
        }

        return norm;
    }

    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> v)
    {
        double max = v[0];
        for (int i = 1; i < v.Length; i++)
        {
            max = Math.Max(max, v[i]);
        }

        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += Math.Exp(v[i] - max);
        }

        return Math.Log(sum) + max;
    }

    /// <summary>−log softmax(z)[label], written with a call to <see cref="LogSumExp"/>.</summary>
    [Differentiable]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, [NoDerivative] int label) =>
        LogSumExp(logits) - logits[label];

    /// <summary>An RNN-style recurrence h ← tanh(w·h + u·x_t + b) over time steps; returns the last state squared.</summary>
    [Differentiable(PushforwardN = true)]
    public static double Recurrence(double w, double u, double b, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double h = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Math.Tanh(w * h + u * xs[t] + b);
        }

        return h * h;
    }

    /// <summary>Σ over the strict lower triangle of a·aᵀ (nested triangular loops).</summary>
    [Differentiable]
    public static double LowerTriangle(double[] a)
    {
        double total = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double ai = a[i];
            for (int j = i + 1; j < a.Length; j++)
            {
                total += ai * a[j] / (1 + j);
            }
        }

        return total;
    }

    /// <summary>Sums squares until the running sum passes a limit (an early break that depends on the data).</summary>
    [Differentiable]
    public static double SumUntil(ReadOnlySpan<double> x, [NoDerivative] double limit)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (sum > limit)
            {
                break;
            }

            sum += x[i] * x[i];
        }

        return sum;
    }

    /// <summary>Halves a value until it drops below 1 (a while loop with a data-dependent trip count).</summary>
    [Differentiable]
    public static double HalveUntilSmall(double x)
    {
        double y = x * x;
        int steps = 0;
        while (y >= 1)
        {
            y = y / 2 + 0.1 * Math.Sin(y);
            steps++;
        }

        return y * (steps + 1);
    }

    /// <summary>A do-while with continue: skips negative entries.</summary>
    [Differentiable]
    public static double PositivePart(ReadOnlySpan<double> x)
    {
        double sum = 0;
        int i = 0;
        do
        {
            double xi = x[i];
            i++;
            if (xi < 0)
            {
                continue;
            }

            sum += Math.Sqrt(xi + 1);
        }
        while (i < x.Length);
        return sum;
    }

    /// <summary>Returns from inside a loop: the first partial sum that exceeds the threshold.</summary>
    [Differentiable]
    public static double FirstAbove(ReadOnlySpan<double> x, [NoDerivative] double threshold)
    {
        double running = 0;
        for (int i = 0; i < x.Length; i++)
        {
            running += x[i] * x[i];
            if (running > threshold)
            {
                return running * 2;
            }
        }

        return running;
    }

    /// <summary>x ↦ x^n by repeated multiplication (a scalar-only loop).</summary>
    [Differentiable]
    public static double PowerByLoop(double x, [NoDerivative] int n)
    {
        double p = 1;
        for (int k = n; k > 0; k--)
        {
            p *= x;
        }

        return p;
    }

    /// <summary>A vector function: polar → Cartesian with a scale, written into a span.</summary>
    [Differentiable]
    public static void Polar(ReadOnlySpan<double> rTheta, double scale, Span<double> xy)
    {
        xy[0] = scale * rTheta[0] * Math.Cos(rTheta[1]);
        xy[1] = scale * rTheta[0] * Math.Sin(rTheta[1]);
        xy[2] = xy[0] * xy[1];
    }

    /// <summary>Softmax into a buffer, then a weighted sum: buffers written and read again.</summary>
    [Differentiable]
    public static double SoftmaxWeighted(ReadOnlySpan<double> z, [NoDerivative] ReadOnlySpan<double> weights)
    {
        double[] p = new double[z.Length];
        double total = 0;
        for (int i = 0; i < z.Length; i++)
        {
            p[i] = Math.Exp(z[i]);
            total += p[i];
        }

        double result = 0;
        for (int i = 0; i < z.Length; i++)
        {
            p[i] /= total;
            result += weights[i] * p[i];
        }

        return result;
    }

    /// <summary>Single precision: Σ σ(x_i)·i.</summary>
    [Differentiable(PushforwardN = true)]
    public static float WeightedSigmoids(ReadOnlySpan<float> x)
    {
        float s = 0f;
        for (int i = 0; i < x.Length; i++)
        {
            s += i / (1f + MathF.Exp(-x[i]));
        }

        return s;
    }

    /// <summary>foreach over a double[] parameter: Σ x·sin x.</summary>
    [Differentiable]
    public static double SumOfSines(double[] x)
    {
        double s = 0;
        foreach (double v in x)
        {
            s += v * Math.Sin(v);
        }

        return s;
    }

    /// <summary>foreach with continue and break: Σ √(1 + v²) over the entries until the first one above a cap.</summary>
    [Differentiable]
    public static double ForEachWithExits(double[] x, [NoDerivative] double cap)
    {
        double s = 0;
        foreach (var v in x)
        {
            if (v > cap)
            {
                break;
            }

            if (v < 0)
            {
                continue;
            }

            s += Math.Sqrt(1 + v * v);
        }

        return s;
    }

    /// <summary>
    /// Nested loops with a break in the inner loop only: Σ_r (r + 1)·√(prefix of row r's squares up to the limit), for a
    /// row-major matrix m of <paramref name="cols"/> columns (index arithmetic <c>m[r * cols + c]</c>).
    /// </summary>
    [Differentiable(PushforwardN = true)]
    public static double RowPrefixNorms(ReadOnlySpan<double> m, [NoDerivative] int cols, [NoDerivative] double limit)
    {
        double total = 0;
        int rows = m.Length / cols;
        for (int r = 0; r < rows; r++)
        {
            double row = 0;
            for (int c = 0; c < cols; c++)
            {
                row += m[r * cols + c] * m[r * cols + c];
                if (row > limit)
                {
                    break;
                }
            }

            total += (r + 1) * Math.Sqrt(row);
        }

        return total;
    }

    /// <summary>A while loop with &amp;&amp; in its condition; the first test guards the element read of the second.</summary>
    [Differentiable]
    public static double WhileBothHold(ReadOnlySpan<double> x, [NoDerivative] double budget)
    {
        double spent = 0;
        double gain = 0;
        int i = 0;
        while (i < x.Length && x[i] > -1 && spent < budget)
        {
            spent += x[i] * x[i];
            gain += Math.Log(2 + x[i]) * (i + 1);
            i++;
        }

        return gain + spent;
    }

    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>A scalar [Differentiable] call in a loop: Σ_n (n + 1)·σ(w·x_n + bias) over rows of x.</summary>
    [Differentiable(PushforwardN = true)]
    public static double SigmoidLayer(ReadOnlySpan<double> w, double bias, [NoDerivative] ReadOnlySpan<double> x)
    {
        double total = 0;
        for (int n = 0; n < x.Length / w.Length; n++)
        {
            double z = bias;
            for (int j = 0; j < w.Length; j++)
            {
                z += w[j] * x[n * w.Length + j];
            }

            total += (n + 1) * Sigmoid(z);
        }

        return total;
    }

    /// <summary>Σ a_i·weights_i² (the weights are data).</summary>
    [Differentiable]
    public static double WeightedSquares(ReadOnlySpan<double> a, [NoDerivative] ReadOnlySpan<double> weights)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i] * weights[i];
        }

        return s;
    }

    /// <summary>
    /// Span-taking calls in a loop with an inactive span argument: <see cref="Dot"/>'s second parameter is
    /// differentiable but gets data, <see cref="WeightedSquares"/>'s is [NoDerivative].
    /// </summary>
    [Differentiable(PushforwardN = true)]
    public static double SpanCallsInALoop(ReadOnlySpan<double> a, [NoDerivative] ReadOnlySpan<double> data)
    {
        double total = 0;
        for (int k = 1; k <= 3; k++)
        {
            total += Math.Sin(k * Dot(a, data)) + WeightedSquares(a, data) / k;
        }

        return total;
    }

    /// <summary>A custom [DerivativeOf] pullback (<see cref="Activations.Softplus"/>) and pushforward (<see cref="Activations.LogCosh"/>) in a loop.</summary>
    [Differentiable(PushforwardN = true)]
    public static double CustomDerivativesInALoop(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Activations.Softplus(x[i] * (i + 1)) + Activations.LogCosh(x[i] - 0.5) * x[i];
        }

        return s;
    }

    /// <summary>Index arithmetic: Σ (i + 1)·x[i]·x[n − 1 − i] + Σ_b Σ_j x[b·d + j]·x[j] (blocks of d against the first block).</summary>
    [Differentiable]
    public static double IndexArithmetic(ReadOnlySpan<double> x, [NoDerivative] int d)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += (i + 1) * x[i] * x[x.Length - 1 - i];
        }

        for (int b = 0; b < x.Length / d; b++)
        {
            for (int j = 0; j < d; j++)
            {
                s += x[b * d + j] * x[j];
            }
        }

        return s;
    }

    /// <summary>Every compound element write on a local buffer: +=, -=, *=, /=, ++ and --.</summary>
    [Differentiable]
    public static double CompoundElementWrites(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        Span<double> acc = stackalloc double[n];
        for (int j = 0; j < n; j++)
        {
            acc[j] += 2 * x[j];
            acc[j] -= x[n - 1 - j];
            acc[j] *= x[j];
            acc[j] /= 1 + x[j] * x[j];
            acc[j]++;
            acc[(j + 1) % n] += acc[j] * 0.5;
            acc[j]--;
        }

        double s = 0;
        for (int j = 0; j < n; j++)
        {
            s += acc[j] * acc[j];
        }

        return s;
    }

    /// <summary>?: in a loop body: the Huber loss of each residual.</summary>
    [Differentiable]
    public static double Huber(ReadOnlySpan<double> r, [NoDerivative] double delta)
    {
        double s = 0;
        for (int i = 0; i < r.Length; i++)
        {
            double a = Math.Abs(r[i]);
            s += a <= delta ? 0.5 * r[i] * r[i] : delta * (a - 0.5 * delta);
        }

        return s;
    }

    /// <summary>Loops that may run zero times: x₀² plus Σ_{i ≥ from} e^{x_i} plus a while loop counting down from <paramref name="from"/> − n.</summary>
    [Differentiable]
    public static double TailSum(ReadOnlySpan<double> x, [NoDerivative] int from)
    {
        double s = x[0] * x[0];
        for (int i = from; i < x.Length; i++)
        {
            s += Math.Exp(x[i]);
        }

        int k = from - x.Length;
        while (k > 0)
        {
            s *= 1 + x[0] / (k + 1);
            k--;
        }

        return s;
    }

    /// <summary>The square of the largest entry, found by an index chosen by comparisons.</summary>
    [Differentiable]
    public static double LargestSquared(ReadOnlySpan<double> x)
    {
        int best = 0;
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > x[best])
            {
                best = i;
            }
        }

        return x[best] * x[best] + x[0];
    }

    /// <summary>A scalar parameter reassigned in a loop: n steps of x ← sin(x) + x/2.</summary>
    [Differentiable]
    public static double Iterate(double x, [NoDerivative] int n)
    {
        for (int k = 0; k < n; k++)
        {
            x = Math.Sin(x) + x / 2;
        }

        return x;
    }

    /// <summary>A counted loop that runs backwards with stride 2 and returns from a nested loop.</summary>
    [Differentiable]
    public static double StridedWithNestedReturn(ReadOnlySpan<double> x, [NoDerivative] double threshold)
    {
        double s = 0;
        for (int i = x.Length - 1; i >= 0; i -= 2)
        {
            for (int j = 0; j <= i; j++)
            {
                s += x[i] * x[j];
                if (s > threshold)
                {
                    return s * s;
                }
            }
        }

        return s;
    }

    /// <summary>An output written with compound assignments and read back: y = W x accumulated, then y ← y·tanh(y).</summary>
    [Differentiable]
    public static void AccumulateInto(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int r = 0; r < y.Length; r++)
        {
            y[r] = 0;
            for (int c = 0; c < x.Length; c++)
            {
                y[r] += w[r * x.Length + c] * x[c];
            }

            y[r] *= Math.Tanh(y[r]);
        }
    }

    /// <summary>Single precision: Σ a·b.</summary>
    [Differentiable]
    public static float DotSingle(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float sum = 0f;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Single precision: foreach over a float[] parameter.</summary>
    [Differentiable]
    public static float SumOfSinesSingle(float[] x)
    {
        float s = 0f;
        foreach (float v in x)
        {
            s += v * MathF.Sin(v);
        }

        return s;
    }

    /// <summary>Single precision: the compound element writes of <see cref="CompoundElementWrites"/>.</summary>
    [Differentiable]
    public static float CompoundElementWritesSingle(ReadOnlySpan<float> x)
    {
        int n = x.Length;
        Span<float> acc = stackalloc float[n];
        for (int j = 0; j < n; j++)
        {
            acc[j] += 2 * x[j];
            acc[j] -= x[n - 1 - j];
            acc[j] *= x[j];
            acc[j] /= 1 + x[j] * x[j];
            acc[j]++;
            acc[j]--;
        }

        float s = 0f;
        for (int j = 0; j < n; j++)
        {
            s += acc[j] * acc[j];
        }

        return s;
    }

    /// <summary>Single precision: ?: in a loop body (the Huber loss).</summary>
    [Differentiable]
    public static float HuberSingle(ReadOnlySpan<float> r, [NoDerivative] float delta)
    {
        float s = 0f;
        for (int i = 0; i < r.Length; i++)
        {
            float a = MathF.Abs(r[i]);
            s += a <= delta ? 0.5f * r[i] * r[i] : delta * (a - 0.5f * delta);
        }

        return s;
    }

    /// <summary>Single precision: a while loop with &amp;&amp; and a float scalar parameter.</summary>
    [Differentiable]
    public static float WhileBothHoldSingle(ReadOnlySpan<float> x, float scale, [NoDerivative] float budget)
    {
        float spent = 0f;
        int i = 0;
        while (i < x.Length && spent < budget)
        {
            spent += scale * x[i] * x[i];
            i++;
        }

        return spent;
    }

    /// <summary>A for loop with two counters (not a counted loop): Σ x[i]·x[j] over the pairs that meet in the middle.</summary>
    [Differentiable]
    public static double TwoPointers(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0, j = x.Length - 1; i < j; i++, j--)
        {
            s += x[i] * x[j] * (j - i);
        }

        return s;
    }

    /// <summary>A for loop whose body moves its counter (skips the entry after a negative one).</summary>
    [Differentiable]
    public static double SkipAfterNegative(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                s += x[i];
                i++;
                continue;
            }

            s += x[i] * x[i];
        }

        return s;
    }

    /// <summary>Returns from inside a foreach over an array.</summary>
    [Differentiable]
    public static double ReturnFromForEach(double[] x, [NoDerivative] double threshold)
    {
        double s = 0;
        foreach (var v in x)
        {
            s += v * v;
            if (s > threshold)
            {
                return 3 * s;
            }
        }

        return s;
    }

    /// <summary>Gathers through an int span parameter: Σ (i + 1)·x[idx[i]]².</summary>
    [Differentiable]
    public static double Gather(ReadOnlySpan<double> x, ReadOnlySpan<int> idx)
    {
        double s = 0;
        for (int i = 0; i < idx.Length; i++)
        {
            s += (i + 1) * x[idx[i]] * x[idx[i]];
        }

        return s;
    }

    /// <summary>Int and bool local buffers: a reversal permutation and a sign mask, then Σ (i + 1)·x[order[i]]·x[i] over the positive entries.</summary>
    [Differentiable(PushforwardN = true)]
    public static double IntAndBoolBuffers(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        Span<int> order = stackalloc int[n];
        Span<bool> positive = stackalloc bool[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = n - 1 - i;
            positive[i] = x[i] > 0;
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            if (positive[i])
            {
                s += (i + 1) * x[order[i]] * x[i];
            }
        }

        return s;
    }

    /// <summary>Single-precision inputs accumulated in double: Σ w·x_i² / 2 returned as float.</summary>
    [Differentiable(PushforwardN = true)]
    public static float MixedPrecision(ReadOnlySpan<float> x, float w)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += (double)x[i] * x[i] * w * 0.5;
        }

        return (float)s;
    }

    /// <summary>A scalar result that also writes a Span parameter (a work buffer the caller can inspect).</summary>
    [Differentiable(PushforwardN = true)]
    public static double WithWorkBuffer(ReadOnlySpan<double> x, Span<double> work)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            work[i] = Math.Sin(x[i]) * 2;
            s += work[i] * work[i];
        }

        return s;
    }

    /// <summary>
    /// A recurrence through a local buffer, a branch and an overwritten scalar, writing every step to y: the Jacobian
    /// records the body once and replays the reverse sweep per row, so all of this state is restored for every row.
    /// </summary>
    [Differentiable]
    public static void SmoothedSteps(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        Span<double> state = stackalloc double[2];
        double carry = 0;
        for (int t = 0; t < y.Length; t++)
        {
            double u = x[t % x.Length];
            if (u * carry > 0.1)
            {
                carry = Math.Sin(a * carry) + u;
            }
            else
            {
                carry = (carry * u) + a;
            }

            state[t % 2] = (state[(t + 1) % 2] * 0.5) + (carry * carry);
            y[t] = state[t % 2] + Math.Exp(-u * a);
        }
    }

    /// <summary>Σ w_i·x_i³ with every derivative member: the spans the derivatives write are checked against the inputs.</summary>
    [Differentiable(Hessian = true, PushforwardN = true)]
    public static double WeightedCubes(ReadOnlySpan<double> x, ReadOnlySpan<double> w)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += w[i] * x[i] * x[i] * x[i];
        }

        return sum;
    }

    /// <summary>Two span outputs, the second reading the first.</summary>
    [Differentiable]
    public static void TwoOutputs(ReadOnlySpan<double> x, Span<double> squares, Span<double> shifted)
    {
        for (int i = 0; i < x.Length; i++)
        {
            squares[i] = x[i] * x[i];
            shifted[i] = squares[i] * x[(i + 1) % x.Length];
        }
    }

    /// <summary>A float output from a double scalar: y_i = (float)(t^i / (i + 1)).</summary>
    [Differentiable]
    public static void PowersOf(double t, Span<float> y)
    {
        double p = 1;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = (float)(p / (i + 1));
            p *= t;
        }
    }

    /// <summary>Float and double inputs into a double output: y_i = a_i·sin(b_i) + s·b_i² + a_{i+1}·b_i.</summary>
    [Differentiable]
    public static void MixedInputs(ReadOnlySpan<float> a, ReadOnlySpan<double> b, float s, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = a[i] * Math.Sin(b[i]) + s * b[i] * b[i] + a[(i + 1) % a.Length] * b[i];
        }
    }

    /// <summary>Double inputs into a float output: y_i = (float)(k·x_i·x_{i+1} + exp(x_i / 4)).</summary>
    [Differentiable]
    public static void RoundedOutput(ReadOnlySpan<double> x, double k, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = (float)(k * x[i] * x[(i + 1) % x.Length] + Math.Exp(x[i] / 4));
        }
    }

    /// <summary>A float and a double output of a float input: cubes_i = x_i³, d_i = cos(x_i)·x_{i+1}.</summary>
    [Differentiable]
    public static void MixedOutputs(ReadOnlySpan<float> x, Span<float> cubes, Span<double> d)
    {
        for (int i = 0; i < x.Length; i++)
        {
            cubes[i] = x[i] * x[i] * x[i];
            d[i] = Math.Cos(x[i]) * x[(i + 1) % x.Length];
        }
    }

    /// <summary>
    /// A planar arm: joint angles accumulate, each link adds scale·(cos a, sin a); outputs every joint's position and a
    /// smooth penalty per joint. Tall: 3n outputs for n + 1 inputs, where forward mode is the cheaper Jacobian.
    /// </summary>
    [Differentiable]
    public static void Arm(ReadOnlySpan<double> angles, double scale, Span<double> xs, Span<double> ys, Span<double> bends)
    {
        double a = 0, x = 0, y = 0;
        for (int i = 0; i < angles.Length; i++)
        {
            a += angles[i];
            x += scale * Math.Cos(a);
            y += scale * Math.Sin(a);
            xs[i] = x;
            ys[i] = y;
            bends[i] = Math.Log(1 + angles[i] * angles[i]) * scale;
        }
    }

    /// <summary>An output read before it is written: y ← y·x elementwise (the caller's y is the starting value).</summary>
    [Differentiable]
    public static void ScaleInPlace(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int j = 0; j < x.Length; j++)
        {
            y[j] *= x[j];
        }
    }

    /// <summary>A span call with an inactive span argument, repeated <paramref name="times"/> times: Σ_k sin(k·a·data).</summary>
    [Differentiable]
    public static double RepeatedDot(ReadOnlySpan<double> a, [NoDerivative] ReadOnlySpan<double> data, [NoDerivative] int times)
    {
        double total = 0;
        for (int k = 0; k < times; k++)
        {
            total += Math.Sin(k * Dot(a, data));
        }

        return total;
    }
}
