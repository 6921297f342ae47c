namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>
/// Statistical models, finance formulas and small machine-learning objectives as users write them: likelihoods over
/// spans of data, tiny networks with weights in a span, recurrences, option and bond pricing, portfolio risk.
/// </summary>
public static partial class Models
{
    /// <summary>The logistic regression negative log-likelihood, rows of the design matrix as views.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "helpers", "math", "no-derivative")]
    [At(new[] { 0.4, -0.3 }, 0.1, new[] { 1.0, 0.5, -0.7, 1.2, 0.3, -1.1 }, new[] { 1.0, 0.0, 1.0 }, 2)]
    [At(new[] { -0.2, 0.6, 0.1 }, -0.4, new[] { 0.2, 1.1, -0.5, 0.9, -0.3, 0.4 }, new[] { 0.0, 1.0 }, 3)]
    public static double LogisticNll(ReadOnlySpan<double> w, double b, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, [NoDerivative] int d)
    {
        double nll = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double z = ModelHelpers.Dot(w, x.Slice(i * d, d)) + b;
            nll += Math.Log(1 + Math.Exp(z)) - y[i] * z;
        }

        return nll / y.Length;
    }

    /// <summary>The Poisson regression negative log-likelihood (log link) with a ridge penalty.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math", "no-derivative")]
    [At(new[] { 0.2, -0.1, 0.3 }, new[] { 1.0, 0.5, -0.2, 0.3, 1.4, 0.8 }, new[] { 2.0, 1.0 }, 0.1)]
    [At(new[] { -0.3, 0.5, 0.05 }, new[] { 0.7, -0.4, 1.0, 1.3, 0.2, -0.6 }, new[] { 0.0, 3.0 }, 0.5)]
    public static double PoissonNll(ReadOnlySpan<double> beta, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> counts, [NoDerivative] double lambda)
    {
        int d = beta.Length;
        double nll = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            double eta = 0;
            for (int j = 0; j < d; j++)
            {
                eta += beta[j] * x[i * d + j];
            }

            nll += Math.Exp(eta) - counts[i] * eta;
        }

        double penalty = 0;
        foreach (var v in beta)
        {
            penalty += v * v;
        }

        return nll + 0.5 * lambda * penalty;
    }

    /// <summary>Softmax cross-entropy of a span of logits against a class label.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "spans", "math")]
    [At(new[] { 0.5, -1.0, 2.0, 0.3 }, 2), At(new[] { 3.0, 2.9, -0.5 }, 0)]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int label)
    {
        double max = logits[0];
        for (int k = 1; k < logits.Length; k++)
        {
            if (logits[k] > max)
            {
                max = logits[k];
            }
        }

        double sum = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            sum += Math.Exp(logits[k] - max);
        }

        return Math.Log(sum) + max - logits[label];
    }

    /// <summary>A 2-3-1 tanh network's squared error: hidden units from rows of w1 as views, a stackalloc hidden layer.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "views", "helpers", "math", "no-derivative")]
    [At(new[] { 0.3, -0.2, 0.5, 0.1, -0.4, 0.6 }, new[] { 0.1, -0.1, 0.2 }, new[] { 0.7, -0.5, 0.3 }, 0.05, new[] { 1.0, -0.5 }, 0.4)]
    public static double MlpSquaredError(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double target)
    {
        int n = x.Length;
        Span<double> hidden = stackalloc double[3];
        for (int r = 0; r < 3; r++)
        {
            hidden[r] = Math.Tanh(ModelHelpers.Dot(w1.Slice(r * n, n), x) + b1[r]);
        }

        double output = b2;
        for (int r = 0; r < 3; r++)
        {
            output += w2[r] * hidden[r];
        }

        double e = output - target;
        return 0.5 * e * e;
    }

    /// <summary>A two-layer softplus network through a matrix–vector helper that writes a hidden buffer.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "helpers", "math", "no-derivative")]
    [At(new[] { 0.3, -0.2, 0.1, 0.5, 0.4, -0.6, 0.2, 0.1, -0.3 }, new[] { 0.6, -0.4, 0.2 }, new[] { 1.0, 0.5, -0.8 })]
    public static double MlpMatVec(ReadOnlySpan<double> w1, ReadOnlySpan<double> w2, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> hidden = stackalloc double[3];
        VectorAlgebra.MatVec(w1, x, hidden);
        double output = 0;
        for (int i = 0; i < hidden.Length; i++)
        {
            double a = Math.Log(1 + Math.Exp(hidden[i]));
            output += w2[i] * a;
        }

        return output * output;
    }

    /// <summary>An Elman RNN with hidden size 2 over a scalar sequence, summing squared errors of a linear readout.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "math", "no-derivative")]
    [At(new[] { 0.5, -0.3, 0.2, 0.4 }, new[] { 0.7, -0.6 }, new[] { 0.1, -0.1 }, new[] { 1.0, -0.5 }, new[] { 0.3, -0.8, 0.5 }, new[] { 0.2, -0.1, 0.4 })]
    public static double RnnSequenceLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> u, ReadOnlySpan<double> b, ReadOnlySpan<double> v, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
    {
        Span<double> h = stackalloc double[2];
        Span<double> next = stackalloc double[2];
        double loss = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            for (int i = 0; i < 2; i++)
            {
                double z = b[i] + u[i] * xs[t];
                for (int j = 0; j < 2; j++)
                {
                    z += w[i * 2 + j] * h[j];
                }

                next[i] = Math.Tanh(z);
            }

            double prediction = 0;
            for (int i = 0; i < 2; i++)
            {
                h[i] = next[i];
                prediction += v[i] * h[i];
            }

            double e = prediction - ys[t];
            loss += e * e;
        }

        return loss;
    }

    /// <summary>A GRU-like cell with a scalar hidden state over a sequence; gates through a static local sigmoid.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "local-functions", "math", "no-derivative")]
    [At(new[] { 0.5, -0.3, 0.1, 0.4, 0.8, -0.2, 0.7, 0.6, 0.05 }, new[] { 0.5, -1.0, 0.8, 0.2 })]
    public static double GruFinalState(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double h = 0;
        foreach (var x in xs)
        {
            double z = Sigmoid(p[0] * x + p[1] * h + p[2]);
            double r = Sigmoid(p[3] * x + p[4] * h + p[5]);
            double candidate = Math.Tanh(p[6] * x + p[7] * r * h + p[8]);
            h = (1 - z) * h + z * candidate;
        }

        return h;

        static double Sigmoid(double s) => 1 / (1 + Math.Exp(-s));
    }

    /// <summary>Attention pooling: softmax of scaled query·key scores over rows of keys (views), weighting values.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "views", "helpers", "math", "no-derivative")]
    [At(new[] { 0.5, -0.3 }, new[] { 1.0, 0.2, -0.4, 0.8, 0.3, 0.3 }, new[] { 1.5, -0.5, 0.7 })]
    [At(new[] { -0.2, 0.9 }, new[] { 0.1, 1.0, 0.6, -0.2 }, new[] { 0.4, 2.0 })]
    public static double AttentionPool(ReadOnlySpan<double> query, [NoDerivative] ReadOnlySpan<double> keys, [NoDerivative] ReadOnlySpan<double> values)
    {
        int d = query.Length;
        int n = values.Length;
        double scale = 1 / Math.Sqrt(d);
        Span<double> scores = stackalloc double[n];
        for (int i = 0; i < n; i++)
        {
            scores[i] = ModelHelpers.Dot(query, keys.Slice(i * d, d)) * scale;
        }

        ModelHelpers.SoftmaxInPlace(scores);
        double pooled = 0;
        for (int i = 0; i < n; i++)
        {
            pooled += scores[i] * values[i];
        }

        return pooled;
    }

    /// <summary>The soft k-means energy: −(1/β)·log Σₖ exp(−β‖x − cₖ‖²) per point, centers as views.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "local-functions", "math", "no-derivative")]
    [At(new[] { 0.0, 0.0, 1.0, 1.0 }, new[] { 0.2, 0.1, 0.9, 1.2, 0.4, 0.7 }, 2, 2.0)]
    public static double SoftKMeansEnergy(ReadOnlySpan<double> centers, [NoDerivative] ReadOnlySpan<double> points, [NoDerivative] int d, [NoDerivative] double beta)
    {
        int k = centers.Length / d;
        double energy = 0;
        for (int i = 0; i < points.Length / d; i++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                sum += Math.Exp(-beta * SquaredDistance(points.Slice(i * d, d), centers.Slice(c * d, d)));
            }

            energy -= Math.Log(sum) / beta;
        }

        return energy;

        static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            double s = 0;
            for (int j = 0; j < a.Length; j++)
            {
                double diff = a[j] - b[j];
                s += diff * diff;
            }

            return s;
        }
    }

    /// <summary>A 1-D Gaussian mixture log-likelihood, log-sum-exp over components through a ref helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "spans", "helpers", "math", "no-derivative")]
    [At(new[] { 0.2, -0.1 }, new[] { -1.0, 1.5 }, new[] { 0.1, -0.2 }, new[] { -0.8, 1.2, 0.3, 2.0 })]
    [At(new[] { 0.0, 0.5, -0.3 }, new[] { -2.0, 0.0, 2.0 }, new[] { 0.0, 0.2, -0.1 }, new[] { -1.5, 0.4, 1.9 })]
    public static double GaussianMixtureLogLikelihood(ReadOnlySpan<double> logits, ReadOnlySpan<double> means, ReadOnlySpan<double> logSigmas, [NoDerivative] ReadOnlySpan<double> data)
    {
        int k = logits.Length;
        double logNorm = logits[0];
        for (int c = 1; c < k; c++)
        {
            ModelHelpers.LogAddExp(ref logNorm, logits[c]);
        }

        double total = 0;
        for (int i = 0; i < data.Length; i++)
        {
            double acc = 0;
            for (int c = 0; c < k; c++)
            {
                double z = (data[i] - means[c]) * Math.Exp(-logSigmas[c]);
                double term = logits[c] - logNorm - logSigmas[c] - 0.5 * z * z - 0.5 * Math.Log(2 * Math.PI);
                if (c == 0)
                {
                    acc = term;
                }
                else
                {
                    ModelHelpers.LogAddExp(ref acc, term);
                }
            }

            total += acc;
        }

        return total;
    }

    /// <summary>A smooth normal CDF, Φ(x) ≈ ½(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    [Differentiable(PushforwardN = true), Constructs("math")]
    [At(0.3), At(-1.2)]
    public static double NormalCdf(double x) => 0.5 * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    /// <summary>The Black–Scholes call price through the smooth normal CDF.</summary>
    [Differentiable(PushforwardN = true), Constructs("calls", "tuples", "math")]
    [At(100.0, 95.0, 0.03, 0.2, 0.5), At(50.0, 60.0, 0.01, 0.35, 1.5)]
    public static double BlackScholesCall(double spot, double strike, double rate, double vol, double tau)
    {
        double sd = vol * Math.Sqrt(tau);
        var (d1, d2) = ((Math.Log(spot / strike) + (rate + 0.5 * vol * vol) * tau) / sd, 0.0);
        d2 = d1 - sd;
        return spot * NormalCdf(d1) - strike * Math.Exp(-rate * tau) * NormalCdf(d2);
    }

    /// <summary>The Black–Scholes put with an Abramowitz–Stegun erf polynomial in a static local function.</summary>
    [Differentiable(PushforwardN = true), Constructs("branches", "local-functions", "math")]
    [At(100.0, 105.0, 0.02, 0.25, 0.75), At(80.0, 70.0, 0.04, 0.3, 2.0)]
    public static double BlackScholesPut(double spot, double strike, double rate, double vol, double tau)
    {
        double sd = vol * Math.Sqrt(tau);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * vol * vol) * tau) / sd;
        double d2 = d1 - sd;
        return strike * Math.Exp(-rate * tau) * Phi(-d2) - spot * Phi(-d1);

        static double Phi(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

        static double Erf(double x)
        {
            double sign = 1;
            if (x < 0)
            {
                sign = -1;
                x = -x;
            }

            double t = 1 / (1 + 0.3275911 * x);
            double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
            return sign * (1 - poly * Math.Exp(-x * x));
        }
    }

    /// <summary>A bond's price from its cash flows at a yield with periodic compounding.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math", "no-derivative")]
    [At(0.05, new[] { 2.5, 2.5, 2.5, 102.5 }, 2.0), At(0.031, new[] { 4.0, 4.0, 104.0 }, 1.0)]
    public static double BondPrice(double yield, [NoDerivative] ReadOnlySpan<double> cashFlows, [NoDerivative] double frequency)
    {
        double price = 0;
        double discount = 1 / (1 + yield / frequency);
        double factor = discount;
        for (int t = 0; t < cashFlows.Length; t++)
        {
            price += cashFlows[t] * factor;
            factor *= discount;
        }

        return price;
    }

    /// <summary>A bond's yield from its price by a fixed number of Newton steps (differentiable in the price).</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "no-derivative")]
    [At(98.0, new[] { 5.0, 5.0, 5.0, 105.0 }), At(103.5, new[] { 4.0, 4.0, 104.0 })]
    public static double BondYield(double price, [NoDerivative] ReadOnlySpan<double> cashFlows)
    {
        double y = 0.05;
        for (int iteration = 0; iteration < 30; iteration++)
        {
            double value = 0;
            double slope = 0;
            double factor = 1 / (1 + y);
            double df = factor;
            for (int t = 0; t < cashFlows.Length; t++)
            {
                value += cashFlows[t] * df;
                slope -= (t + 1) * cashFlows[t] * df * factor;
                df *= factor;
            }

            y -= (value - price) / slope;
        }

        return y;
    }

    /// <summary>Compound interest: P(1 + r/n)^(n·t).</summary>
    [Differentiable(PushforwardN = true), Constructs("math", "no-derivative")]
    [At(1000.0, 0.05, 12, 10.0), At(250.0, 0.12, 4, 3.5)]
    public static double CompoundInterest(double principal, double rate, [NoDerivative] int periodsPerYear, double years) =>
        principal * Math.Pow(1 + rate / periodsPerYear, periodsPerYear * years);

    /// <summary>The present value of an annuity, payment by payment, counting down with <c>while (n-- &gt; 0)</c>.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "embedded-assignments")]
    [At(100.0, 0.04, 10), At(35.0, 0.01, 24)]
    public static double AnnuityPresentValue(double payment, double rate, int periods)
    {
        double value = 0;
        double discount = 1;
        while (periods-- > 0)
        {
            discount /= 1 + rate;
            value += payment * discount;
        }

        return value;
    }

    /// <summary>The portfolio variance w'Σw, Σ row-major, each row a view dotted with the weights.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "helpers", "no-derivative")]
    [At(new[] { 0.5, 0.3, 0.2 }, new[] { 0.04, 0.01, 0.002, 0.01, 0.09, 0.003, 0.002, 0.003, 0.0225 })]
    [At(new[] { 0.7, 0.3 }, new[] { 0.05, -0.01, -0.01, 0.02 })]
    public static double PortfolioVariance(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> sigma)
    {
        int n = w.Length;
        double variance = 0;
        for (int i = 0; i < n; i++)
        {
            variance += w[i] * ModelHelpers.Dot(sigma.Slice(i * n, n), w);
        }

        return variance;
    }

    /// <summary>The Sharpe ratio of a portfolio over a history of asset returns (rows are periods).</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "math", "no-derivative")]
    [At(new[] { 0.6, 0.4 }, new[] { 0.01, 0.02, -0.005, 0.01, 0.02, -0.01, 0.015, 0.03 }, 0.001)]
    public static double SharpeRatio(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> returns, [NoDerivative] double riskFree)
    {
        int n = w.Length;
        int periods = returns.Length / n;
        double[] portfolio = new double[periods];
        double mean = 0;
        for (int t = 0; t < periods; t++)
        {
            for (int j = 0; j < n; j++)
            {
                portfolio[t] += w[j] * returns[t * n + j];
            }

            mean += portfolio[t];
        }

        mean /= periods;
        double variance = 0;
        for (int t = 0; t < periods; t++)
        {
            double d = portfolio[t] - mean;
            variance += d * d;
        }

        return (mean - riskFree) / Math.Sqrt(variance / (periods - 1));
    }

    /// <summary>The squared gap between a short and a long moving average at each step, windows as views of the series.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "helpers", "no-derivative")]
    [At(new[] { 1.0, 1.2, 0.9, 1.4, 1.6, 1.3, 1.8 }, 2, 4)]
    public static double MovingAverageGap(ReadOnlySpan<double> series, [NoDerivative] int shortWindow, [NoDerivative] int longWindow)
    {
        double total = 0;
        for (int t = longWindow; t <= series.Length; t++)
        {
            ModelHelpers.Mean(series.Slice(t - shortWindow, shortWindow), out double fast);
            ModelHelpers.Mean(series.Slice(t - longWindow, longWindow), out double slow);
            double gap = fast - slow;
            total += gap * gap;
        }

        return total;
    }

    /// <summary>The negative log-likelihood of a scalar local-level Kalman filter in its log noise variances.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "tuples", "math", "no-derivative")]
    [At(-1.0, -0.5, new[] { 0.3, 0.5, 0.1, 0.8, 0.6 }), At(0.2, -2.0, new[] { 1.0, 1.3, 1.1 })]
    public static double KalmanNll(double logQ, double logR, [NoDerivative] ReadOnlySpan<double> observations)
    {
        double q = Math.Exp(logQ);
        double r = Math.Exp(logR);
        double state = 0;
        double cov = 1;
        double nll = 0;
        for (int t = 0; t < observations.Length; t++)
        {
            cov += q;
            double s = cov + r;
            double gain = cov / s;
            double innovation = observations[t] - state;
            nll += 0.5 * (Math.Log(s) + innovation * innovation / s);
            (state, cov) = (state + gain * innovation, (1 - gain) * cov);
        }

        return nll;
    }

    /// <summary>The conditional sum of squares of an ARMA(1,1) model, residuals carried step to step.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "no-derivative")]
    [At(0.5, 0.2, new[] { 0.3, 0.6, 0.1, -0.2, 0.4, 0.7 }), At(-0.3, 0.4, new[] { 1.0, -0.5, 0.8, 0.2 })]
    public static double ArmaResidualSum(double phi, double theta, [NoDerivative] ReadOnlySpan<double> series)
    {
        double previous = series[0];
        double residual = 0;
        double sum = 0;
        foreach (var y in series[1..])
        {
            residual = y - phi * previous - theta * residual;
            sum += residual * residual;
            previous = y;
        }

        return sum + 0.5 * (series[^1] - phi * previous) * (series[^1] - phi * previous);
    }

    /// <summary>The Bradley–Terry log-likelihood of a win matrix in log strengths, skipping the diagonal.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "spans", "math", "no-derivative")]
    [At(new[] { 0.2, -0.1, 0.4 }, new[] { 0.0, 3.0, 1.0, 2.0, 0.0, 2.0, 4.0, 1.0, 0.0 })]
    public static double BradleyTerryLogLikelihood(ReadOnlySpan<double> strength, [NoDerivative] ReadOnlySpan<double> wins)
    {
        int n = strength.Length;
        double ll = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i == j)
                {
                    continue;
                }

                double a = strength[i];
                double b = strength[j];
                double m = a > b ? a : b;
                ll += wins[i * n + j] * (a - m - Math.Log(Math.Exp(a - m) + Math.Exp(b - m)));
            }
        }

        return ll;
    }

    /// <summary>A binary classifier's loss, picked by kind: squared hinge, logistic or exponential.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "switch", "spans", "math", "no-derivative")]
    [At(new[] { 0.3, -0.2 }, new[] { 1.0, 0.5, -0.4, 1.2, 0.8, -0.9 }, new[] { 1.0, -1.0, 1.0 }, 0)]
    [At(new[] { 0.3, -0.2 }, new[] { 1.0, 0.5, -0.4, 1.2, 0.8, -0.9 }, new[] { 1.0, -1.0, 1.0 }, 1)]
    public static double MarginLoss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, [NoDerivative] int kind)
    {
        int d = w.Length;
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double margin = y[i] * (w[0] * x[i * d] + w[1] * x[i * d + 1]);
            switch (kind)
            {
                case 0:
                    double h = 1 - margin;
                    loss += h > 0 ? h * h : 0;
                    break;
                case 1:
                    loss += Math.Log(1 + Math.Exp(-margin));
                    break;
                default:
                    loss += Math.Exp(-margin);
                    break;
            }
        }

        return loss;
    }

    /// <summary>A logistic neuron's binary cross-entropy in single precision.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "float", "math", "no-derivative")]
    [At(new[] { 0.5, -0.25 }, 0.1, new[] { 1.0, 0.5, -0.5, 1.5 }, new[] { 1.0, 0.0 })]
    public static float LogisticLossFloat(ReadOnlySpan<float> w, float b, [NoDerivative] ReadOnlySpan<float> x, [NoDerivative] ReadOnlySpan<float> y)
    {
        float loss = 0f;
        for (int i = 0; i < y.Length; i++)
        {
            float z = w[0] * x[2 * i] + w[1] * x[2 * i + 1] + b;
            float p = 1f / (1f + MathF.Exp(-z));
            loss -= y[i] * MathF.Log(p) + (1f - y[i]) * MathF.Log(1f - p);
        }

        return loss;
    }

    /// <summary>Ridge regression through a helper that returns each residual in an out parameter.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "helpers", "no-derivative")]
    [At(new[] { 0.4, -0.3, 0.2 }, new[] { 1.0, 0.5, -0.2, 0.3, 1.4, 0.8 }, new[] { 0.6, 1.1 }, 0.1)]
    public static double RidgeLoss(ReadOnlySpan<double> beta, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, [NoDerivative] double lambda)
    {
        int d = beta.Length;
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            ModelHelpers.Residual(beta, x.Slice(i * d, d), y[i], out double r);
            loss += r * r;
        }

        for (int j = 0; j < d; j++)
        {
            ModelHelpers.AddSquare(ref loss, Math.Sqrt(lambda) * beta[j]);
        }

        return loss;
    }
}
