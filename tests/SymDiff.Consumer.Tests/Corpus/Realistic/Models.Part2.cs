namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Models, continued.</summary>
public static partial class Models
{
    /// <summary>The variance of a series by Welford's online update, through a helper with ref mean and sum of squares.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "helpers")]
    [At(new[] { 0.3, -1.2, 0.8, 2.1, 0.5 }), At(new[] { 10.0, 10.5, 9.8 })]
    public static double WelfordVariance(ReadOnlySpan<double> x)
    {
        double mean = 0;
        double m2 = 0;
        int count = 0;
        for (int i = 0; i < x.Length; i++)
        {
            ModelHelpers.Welford(ref mean, ref m2, ref count, x[i]);
        }

        return m2 / (count - 1);
    }

    /// <summary>The mean–variance utility w'μ − (γ/2)·w'Σw with Σw written into a buffer by a helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "helpers", "no-derivative")]
    [At(new[] { 0.5, 0.3, 0.2 }, new[] { 0.08, 0.12, 0.05 }, new[] { 0.04, 0.01, 0.002, 0.01, 0.09, 0.003, 0.002, 0.003, 0.0225 }, 3.0)]
    public static double MeanVarianceUtility(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> mu, [NoDerivative] ReadOnlySpan<double> sigma, [NoDerivative] double gamma)
    {
        Span<double> sigmaW = stackalloc double[w.Length];
        VectorAlgebra.MatVec(sigma, w, sigmaW);
        double expected = 0;
        double risk = 0;
        for (int i = 0; i < w.Length; i++)
        {
            expected += w[i] * mu[i];
            risk += w[i] * sigmaW[i];
        }

        return expected - 0.5 * gamma * risk;
    }

    /// <summary>A GARCH(1,1) Gaussian negative log-likelihood of returns in its three parameters.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math", "no-derivative")]
    [At(0.01, 0.1, 0.8, new[] { 0.05, -0.02, 0.1, -0.07, 0.03 })]
    public static double GarchNll(double omega, double alpha, double beta, [NoDerivative] ReadOnlySpan<double> returns)
    {
        double variance = omega / (1 - alpha - beta);
        double nll = 0;
        for (int t = 0; t < returns.Length; t++)
        {
            nll += 0.5 * (Math.Log(variance) + returns[t] * returns[t] / variance);
            variance = omega + alpha * returns[t] * returns[t] + beta * variance;
        }

        return nll;
    }

    /// <summary>Multinomial logistic regression: one weight row per class (views), a running log-sum-exp helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "helpers", "math", "no-derivative")]
    [At(new[] { 0.2, -0.1, 0.4, 0.3, -0.5, 0.1 }, new[] { 1.0, 0.5, -0.3, 1.2 }, new[] { 2.0, 0.0 }, 2)]
    public static double MultinomialNll(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] int[] labels, [NoDerivative] int d)
    {
        int classes = w.Length / d;
        double nll = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            ReadOnlySpan<double> row = x.Slice(i * d, d);
            double lse = ModelHelpers.Dot(w.Slice(0, d), row);
            for (int k = 1; k < classes; k++)
            {
                ModelHelpers.LogAddExp(ref lse, ModelHelpers.Dot(w.Slice(k * d, d), row));
            }

            nll += lse - ModelHelpers.Dot(w.Slice(labels[i] * d, d), row);
        }

        return nll;
    }

    /// <summary>The Elo log-likelihood of game outcomes (winner and loser indices) in the players' ratings.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math", "no-derivative")]
    [At(new[] { 1500.0, 1450.0, 1620.0 }, new[] { 0.0, 2.0, 2.0, 1.0 }, new[] { 1.0, 0.0, 1.0, 0.0 }, 400.0)]
    public static double EloLogLikelihood(ReadOnlySpan<double> ratings, int[] winners, int[] losers, [NoDerivative] double scale)
    {
        double ll = 0;
        for (int g = 0; g < winners.Length; g++)
        {
            double gap = (ratings[losers[g]] - ratings[winners[g]]) / scale;
            ll -= Math.Log(1 + Math.Pow(10, gap));
        }

        return ll;
    }

    /// <summary>An LSTM-like cell with a scalar state over a sequence: gates from a static local function with out parameters, the state pair updated as a tuple.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "local-functions", "tuples", "math", "no-derivative")]
    [At(new[] { 0.5, 0.1, -0.2, 0.8, 0.3, 0.4, -0.6, 0.2, 0.05, 0.7, -0.3, 0.1 }, new[] { 0.4, -0.9, 1.1 })]
    public static double LstmSequence(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double c = 0;
        double h = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            Gates(p, xs[t], h, out double input, out double forget, out double output, out double candidate);
            (c, h) = (forget * c + input * candidate, output * Math.Tanh(forget * c + input * candidate));
        }

        return h + 0.1 * c;

        static void Gates(ReadOnlySpan<double> q, double x, double h, out double i, out double f, out double o, out double g)
        {
            i = 1 / (1 + Math.Exp(-(q[0] * x + q[1] * h + q[2])));
            f = 1 / (1 + Math.Exp(-(q[3] * x + q[4] * h + q[5])));
            o = 1 / (1 + Math.Exp(-(q[6] * x + q[7] * h + q[8])));
            g = Math.Tanh(q[9] * x + q[10] * h + q[11]);
        }
    }

    /// <summary>Layer normalization then a linear readout: moments from an out helper, the normalized vector in a buffer.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "helpers", "math")]
    [At(new[] { 0.4, -1.3, 0.9, 2.2 }, new[] { 1.1, 0.9, 1.0, 1.2 }, new[] { 0.5, -0.2, 0.3, 0.1 })]
    public static double LayerNormReadout(ReadOnlySpan<double> x, ReadOnlySpan<double> gain, ReadOnlySpan<double> w)
    {
        ModelHelpers.MeanVariance(x, out double mean, out double variance);
        double[] normalized = new double[x.Length];
        double inv = 1 / Math.Sqrt(variance + 1e-5);
        for (int i = 0; i < x.Length; i++)
        {
            normalized[i] = gain[i] * (x[i] - mean) * inv;
        }

        double output = 0;
        for (int i = 0; i < x.Length; i++)
        {
            output += w[i] * normalized[i];
        }

        return output;
    }

    /// <summary>The parametric value at risk of a two-asset portfolio, weights and moments in collection initializers.</summary>
    [Differentiable(PushforwardN = true), Constructs("buffers", "math", "no-derivative")]
    [At(0.6, 0.07, 0.04, 0.2, 0.3, 0.25, 1.645)]
    public static double ParametricVar(double w0, double mu0, double mu1, double vol0, double vol1, double rho, [NoDerivative] double z)
    {
        Span<double> w = [w0, 1 - w0];
        double[] mu = { mu0, mu1 };
        double[] cov = new double[] { vol0 * vol0, rho * vol0 * vol1, rho * vol0 * vol1, vol1 * vol1 };
        double mean = w[0] * mu[0] + w[1] * mu[1];
        double variance = 0;
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                variance += w[i] * cov[i * 2 + j] * w[j];
            }
        }

        return -mean + z * Math.Sqrt(variance);
    }

    /// <summary>A Cox–Ross–Rubinstein binomial tree for a European call, node values in a buffer rolled backwards.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "buffers", "math", "no-derivative")]
    [At(100.0, 97.3, 0.03, 0.2, 1.0, 8), At(50.0, 53.1, 0.01, 0.3, 0.5, 6)]
    public static double BinomialTreeCall(double spot, double strike, double rate, double vol, double tau, [NoDerivative] int steps)
    {
        double dt = tau / steps;
        double up = Math.Exp(vol * Math.Sqrt(dt));
        double down = 1 / up;
        double growth = Math.Exp(rate * dt);
        double p = (growth - down) / (up - down);
        double[] values = new double[steps + 1];
        for (int i = 0; i <= steps; i++)
        {
            double price = spot * Math.Pow(up, i) * Math.Pow(down, steps - i);
            values[i] = Math.Max(price - strike, 0);
        }

        for (int n = steps - 1; n >= 0; n--)
        {
            for (int i = 0; i <= n; i++)
            {
                values[i] = (p * values[i + 1] + (1 - p) * values[i]) / growth;
            }
        }

        return values[0];
    }

    /// <summary>The Macaulay duration of a bond at a yield, walking the cash flows with <c>cashFlows[t++]</c>.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "embedded-assignments", "no-derivative")]
    [At(0.045, new[] { 5.0, 5.0, 5.0, 105.0 }), At(0.02, new[] { 3.0, 103.0 })]
    public static double MacaulayDuration(double yield, [NoDerivative] ReadOnlySpan<double> cashFlows)
    {
        double df = 1 / (1 + yield);
        double discount = df;
        double price = 0;
        double weighted = 0;
        int t = 0;
        while (t < cashFlows.Length)
        {
            price += cashFlows[t] * discount;
            weighted += (t + 1) * cashFlows[t++] * discount;
            discount *= df;
        }

        return weighted / price;
    }

    /// <summary>A mortgage's periodic payment, the compounding frequency picked by a switch expression.</summary>
    [Differentiable(PushforwardN = true), Constructs("switch", "math", "no-derivative")]
    [At(250000.0, 0.045, 30, 12), At(120000.0, 0.06, 15, 4), At(80000.0, 0.05, 10, 1)]
    public static double MortgagePayment(double principal, double annualRate, [NoDerivative] int years, [NoDerivative] int frequency)
    {
        double periodRate = frequency switch
        {
            12 => annualRate / 12,
            4 => annualRate / 4,
            _ => annualRate,
        };
        int periods = years * frequency;
        return principal * periodRate / (1 - Math.Pow(1 + periodRate, -periods));
    }

    /// <summary>The probit negative log-likelihood through the smooth normal CDF, rows of the data as views.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "helpers", "calls", "math", "no-derivative")]
    [At(new[] { 0.3, -0.4 }, new[] { 1.0, 0.5, -0.6, 1.1, 0.2, -0.8 }, new[] { 1.0, 0.0, 1.0 })]
    public static double ProbitNll(ReadOnlySpan<double> beta, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
    {
        int d = beta.Length;
        double nll = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double p = NormalCdf(ModelHelpers.Dot(beta, x.Slice(i * d, d)));
            nll -= y[i] * Math.Log(p) + (1 - y[i]) * Math.Log(1 - p);
        }

        return nll;
    }

    /// <summary>A cosine embedding loss between pairs of rows of an embedding table (views into a static local function).</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "local-functions", "math", "no-derivative")]
    [At(new[] { 0.3, -0.2, 0.5, 0.1, 0.4, -0.6, -0.3, 0.8, 0.2 }, new[] { 1.0, -1.0, 1.0 }, 3)]
    public static double CosineEmbeddingLoss(ReadOnlySpan<double> embeddings, [NoDerivative] ReadOnlySpan<double> similar, [NoDerivative] int d)
    {
        int n = embeddings.Length / d;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            double c = Cosine(embeddings.Slice(i * d, d), embeddings.Slice(j * d, d));
            double target = similar[i];
            loss += (c - target) * (c - target);
        }

        return loss;

        static double Cosine(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int k = 0; k < a.Length; k++)
            {
                ab += a[k] * b[k];
                aa += a[k] * a[k];
                bb += b[k] * b[k];
            }

            return ab / Math.Sqrt(aa * bb);
        }
    }

    /// <summary>The focal loss of a logistic classifier in single precision.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "spans", "float", "math", "no-derivative")]
    [At(new[] { 0.4, -0.3 }, new[] { 1.0, 0.5, -0.5, 1.5, 0.8, 0.2 }, new[] { 1.0, 0.0, 1.0 }, 2.0)]
    public static float FocalLossFloat(ReadOnlySpan<float> w, [NoDerivative] ReadOnlySpan<float> x, [NoDerivative] ReadOnlySpan<float> y, [NoDerivative] float gamma)
    {
        float loss = 0f;
        for (int i = 0; i < y.Length; i++)
        {
            float z = w[0] * x[2 * i] + w[1] * x[2 * i + 1];
            float p = 1f / (1f + MathF.Exp(-z));
            float pt = y[i] > 0.5f ? p : 1f - p;
            loss -= MathF.Pow(1f - pt, gamma) * MathF.Log(pt);
        }

        return loss;
    }

    /// <summary>The expected reward under a softmax policy with a temperature, in single precision with a stackalloc buffer.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "float", "math", "no-derivative")]
    [At(new[] { 0.5, -0.2, 0.9, 0.1 }, 0.8, new[] { 1.0, 0.0, 2.0, -1.0 })]
    public static float SoftmaxPolicyRewardFloat(ReadOnlySpan<float> preferences, float temperature, [NoDerivative] ReadOnlySpan<float> rewards)
    {
        Span<float> e = stackalloc float[4];
        float sum = 0f;
        for (int i = 0; i < 4; i++)
        {
            e[i] = MathF.Exp(preferences[i] / temperature);
            sum += e[i];
        }

        float reward = 0f;
        for (int i = 0; i < 4; i++)
        {
            reward += e[i] / sum * rewards[i];
        }

        return reward;
    }

    /// <summary>One-step-ahead errors of simple exponential smoothing, the level started from the mean of a warm-up window read with <c>s += x[i++]</c>.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "embedded-assignments", "no-derivative")]
    [At(0.3, new[] { 1.0, 1.2, 0.9, 1.4, 1.6, 1.3, 1.8 }, 3), At(0.6, new[] { 2.0, 1.5, 1.7, 2.4, 2.2 }, 2)]
    public static double SmoothingForecastError(double alpha, [NoDerivative] ReadOnlySpan<double> series, [NoDerivative] int warmUp)
    {
        double level = 0;
        int i = 0;
        while (i < warmUp)
        {
            level += series[i++];
        }

        level /= warmUp;
        double sse = 0;
        foreach (var y in series[warmUp..])
        {
            double error = y - level;
            sse += error * error;
            level += alpha * error;
        }

        return sse;
    }

    /// <summary>Holt's linear trend method: level and trend updated together as a tuple, squared one-step errors summed.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "tuples", "views", "no-derivative")]
    [At(0.4, 0.2, new[] { 1.0, 1.3, 1.5, 1.9, 2.0, 2.4 }), At(0.7, 0.1, new[] { 5.0, 4.6, 4.5, 4.1 })]
    public static double HoltLinearTrend(double alpha, double beta, [NoDerivative] ReadOnlySpan<double> series)
    {
        double level = series[0];
        double trend = series[1] - series[0];
        double sse = 0;
        for (int t = 1; t < series.Length; t++)
        {
            double forecast = level + trend;
            double error = series[t] - forecast;
            sse += error * error;
            double nextLevel = forecast + alpha * error;
            (level, trend) = (nextLevel, trend + beta * (nextLevel - level - trend));
        }

        return sse + (series[^1] - level) * (series[^1] - level);
    }

    /// <summary>The zero-inflated Poisson negative log-likelihood: zeros and positive counts take different branches.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "spans", "math", "no-derivative")]
    [At(-0.5, 0.7, new[] { 0.0, 2.0, 0.0, 1.0, 4.0 }), At(0.3, -0.2, new[] { 1.0, 0.0, 0.0 })]
    public static double ZeroInflatedPoissonNll(double logitPi, double logLambda, [NoDerivative] ReadOnlySpan<double> counts)
    {
        double pi = 1 / (1 + Math.Exp(-logitPi));
        double lambda = Math.Exp(logLambda);
        double nll = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            double y = counts[i];
            if (y == 0)
            {
                nll -= Math.Log(pi + (1 - pi) * Math.Exp(-lambda));
            }
            else
            {
                double logFactorial = 0;
                for (int k = 2; k <= (int)y; k++)
                {
                    logFactorial += Math.Log(k);
                }

                nll -= Math.Log(1 - pi) + y * logLambda - lambda - logFactorial;
            }
        }

        return nll;
    }

    /// <summary>The pinball (quantile) loss of a linear model, the slope picked by a relational switch expression.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "switch", "spans", "no-derivative")]
    [At(new[] { 0.5, 0.2 }, new[] { 1.0, 0.5, 2.0, -0.3, 0.4, 1.5 }, new[] { 1.3, 0.2, 1.9 }, 0.9)]
    public static double QuantileLoss(ReadOnlySpan<double> beta, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, [NoDerivative] double tau)
    {
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double r = y[i] - beta[0] * x[2 * i] - beta[1] * x[2 * i + 1];
            loss += r switch
            {
                > 0 => tau * r,
                _ => (tau - 1) * r,
            };
        }

        return loss;
    }

    /// <summary>A 1-D convolution with a learned kernel over windows (views) of a series, then a squared-error loss.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "helpers", "no-derivative")]
    [At(new[] { 0.25, 0.5, 0.25 }, 0.1, new[] { 1.0, 1.4, 0.9, 1.7, 2.2, 1.5 }, new[] { 1.2, 1.3, 1.6, 1.9 })]
    public static double ConvolutionLoss(ReadOnlySpan<double> kernel, double bias, [NoDerivative] ReadOnlySpan<double> series, [NoDerivative] ReadOnlySpan<double> targets)
    {
        int k = kernel.Length;
        double loss = 0;
        for (int t = 0; t + k <= series.Length; t++)
        {
            double e = ModelHelpers.Dot(kernel, series.Slice(t, k)) + bias - targets[t];
            loss += e * e;
        }

        return loss;
    }

    /// <summary>A 2-3-2 network of dense tanh layers through a helper that calls helpers, the output layer written into a view of one buffer.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "views", "helpers", "math", "no-derivative")]
    [At(new[] { 0.3, -0.2, 0.5, 0.1, -0.4, 0.6 }, new[] { 0.1, -0.1, 0.2 }, new[] { 0.7, -0.5, 0.3, 0.2, 0.4, -0.6 }, new[] { 0.05, -0.05 }, new[] { 1.0, -0.5 }, new[] { 0.3, -0.2 })]
    public static double DenseNetwork(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, ReadOnlySpan<double> b2, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> activations = stackalloc double[5];
        ModelHelpers.Dense(w1, b1, x, activations[..3]);
        ModelHelpers.Dense(w2, b2, activations[..3], activations[3..]);
        double loss = 0;
        for (int i = 0; i < 2; i++)
        {
            ref double cell = ref activations[3 + i];
            cell -= target[i];
            loss += cell * cell;
        }

        return loss;
    }

    /// <summary>The net present value of cash flows plus a Gordon-growth terminal value on the last one (<c>cashFlows[^1]</c>).</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "math")]
    [At(0.08, 0.02, new[] { -100.0, 20.0, 30.0, 40.0, 45.0 }), At(0.1, 0.03, new[] { 10.0, 12.0, 13.0 })]
    public static double DiscountedCashFlow(double rate, double growth, ReadOnlySpan<double> cashFlows)
    {
        double npv = 0;
        for (int t = 0; t < cashFlows.Length; t++)
        {
            npv += cashFlows[t] / Math.Pow(1 + rate, t);
        }

        double terminal = cashFlows[^1] * (1 + growth) / (rate - growth);
        return npv + terminal / Math.Pow(1 + rate, cashFlows.Length - 1);
    }

    /// <summary>The Kalman filter likelihood again, each predict–update step in a helper with ref state and an out term.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "helpers", "math", "no-derivative")]
    [At(0.05, 0.3, new[] { 0.3, 0.5, 0.1, 0.8, 0.6 }), At(0.5, 0.1, new[] { 1.0, 1.3, 1.1 })]
    public static double KalmanNllWithHelper(double q, double r, [NoDerivative] ReadOnlySpan<double> observations)
    {
        double state = observations[0];
        double cov = 1;
        double nll = 0;
        for (int t = 1; t < observations.Length; t++)
        {
            ModelHelpers.KalmanStep(ref state, ref cov, observations[t], q, r, out double term);
            nll += term;
        }

        return nll;
    }

    /// <summary>The implied volatility of a call price by Newton steps on the Black–Scholes call (a differentiable call inside a loop).</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "calls", "math", "no-derivative")]
    [At(10.0, 100.0, 95.0, 0.03, 0.5), At(4.0, 50.0, 52.0, 0.01, 1.0)]
    public static double ImpliedVolatility(double price, [NoDerivative] double spot, [NoDerivative] double strike, [NoDerivative] double rate, [NoDerivative] double tau)
    {
        double vol = 0.3;
        for (int iteration = 0; iteration < 40; iteration++)
        {
            double sd = vol * Math.Sqrt(tau);
            double d1 = (Math.Log(spot / strike) + (rate + 0.5 * vol * vol) * tau) / sd;
            double vega = spot * Math.Sqrt(tau) * Math.Exp(-0.5 * d1 * d1) / Math.Sqrt(2 * Math.PI);
            vol -= (BlackScholesCall(spot, strike, rate, vol, tau) - price) / vega;
        }

        return vol;
    }

    /// <summary>A softmax classifier head: logits written into a stackalloc buffer by a helper, then passed to the differentiable cross-entropy.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "calls", "helpers", "no-derivative")]
    [At(new[] { 0.3, -0.2, 0.5, 0.1, -0.4, 0.6 }, new[] { 1.0, -0.5 }, 1)]
    public static double ClassifierHead(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int label)
    {
        Span<double> logits = stackalloc double[3];
        VectorAlgebra.MatVec(w, x, logits);
        return SoftmaxCrossEntropy(logits, label);
    }

    /// <summary>The Abramowitz–Stegun erf approximation, its coefficients as constant data evaluated by Horner's rule.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "buffers", "math")]
    [At(0.4), At(1.3)]
    public static double ErfApproximation(double x)
    {
        ReadOnlySpan<double> coefficients = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429];
        double t = 1 / (1 + 0.3275911 * x);
        double poly = 0;
        for (int k = coefficients.Length - 1; k >= 0; k--)
        {
            poly = (poly + coefficients[k]) * t;
        }

        return 1 - poly * Math.Exp(-x * x);
    }

    /// <summary>An American put on a binomial tree: early exercise by Math.Max against the continuation value in a buffer.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "buffers", "math", "no-derivative")]
    [At(100.0, 103.7, 0.03, 0.25, 1.0, 6)]
    public static double AmericanPut(double spot, double strike, double rate, double vol, double tau, [NoDerivative] int steps)
    {
        double dt = tau / steps;
        double up = Math.Exp(vol * Math.Sqrt(dt));
        double growth = Math.Exp(rate * dt);
        double p = (growth - 1 / up) / (up - 1 / up);
        Span<double> values = stackalloc double[steps + 1];
        for (int i = 0; i <= steps; i++)
        {
            values[i] = Math.Max(strike - spot * Math.Pow(up, 2 * i - steps), 0);
        }

        for (int n = steps - 1; n >= 0; n--)
        {
            for (int i = 0; i <= n; i++)
            {
                double hold = (p * values[i + 1] + (1 - p) * values[i]) / growth;
                values[i] = Math.Max(hold, strike - spot * Math.Pow(up, 2 * i - n));
            }
        }

        return values[0];
    }

    /// <summary>A two-state recurrence over pairs of returns taken from both ends (two loop variables), the state shifted as a tuple.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "tuples", "spans")]
    [At(new[] { 0.3, -0.2, 0.5, 0.1, 0.4 }, 0.5)]
    public static double SymmetricPairs(ReadOnlySpan<double> x, double decay)
    {
        double a = 0;
        double b = 1;
        for (int i = 0, j = x.Length - 1; i < j; i++, j--)
        {
            (a, b) = (b, decay * a + x[i] * x[j]);
        }

        return a + b;
    }

    /// <summary>The log-partition of the other classes minus the first logit, a differentiable call on a view of the logits.</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "views", "calls")]
    [At(new[] { 0.5, -1.0, 2.0, 0.3 })]
    public static double TailLogSumExp(ReadOnlySpan<double> logits) => Statistics.LogSumExp(logits[1..]) - logits[0];
}
