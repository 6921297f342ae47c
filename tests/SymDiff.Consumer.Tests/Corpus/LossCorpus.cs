namespace SymDiff.Consumer.Tests.Corpus;

/// <summary>LossCorpus and small networks from the lecture seeds; they call <see cref="Activations"/> across files.</summary>
public static partial class LossCorpus
{
    /// <summary>
    /// Binary cross-entropy −y ln ŷ − (1 − y) ln(1 − ŷ) of a prediction, as the seeds write it. The generator drops
    /// the derivative of the −y·ln ŷ term (see GeneratorRegressionTests).
    /// </summary>
    [Differentiable]
    public static double CrossEntropy(double yHat, [NoDerivative] double y) => -y * Math.Log(yHat) - (1 - y) * Math.Log(1 - yHat);

    /// <summary>Binary cross-entropy −[y ln ŷ + (1 − y) ln(1 − ŷ)], the negation outside; ∂L/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ).</summary>
    [Differentiable]
    public static double CrossEntropyGrouped(double yHat, [NoDerivative] double y) => -(y * Math.Log(yHat) + (1 - y) * Math.Log(1 - yHat));

    /// <summary>BCE of a logistic unit ŷ = σ(w·x + b); ∂L/∂w = (ŷ − y)·x, ∂L/∂b = ŷ − y.</summary>
    [Differentiable]
    public static double LogisticLoss(double w, double b, [NoDerivative] double x, [NoDerivative] double y)
    {
        var yHat = Activations.Sigmoid(w * x + b);
        return -(y * Math.Log(yHat) + (1 - y) * Math.Log(1 - yHat));
    }

    /// <summary>Squared loss ½(ŷ − y)².</summary>
    [Differentiable]
    public static double SquaredLoss(double yHat, [NoDerivative] double y) => 0.5 * (yHat - y) * (yHat - y);

    /// <summary>One neuron's cost C₀ = (σ(w·a + b) − y)²; ∂C₀/∂w = a·σ'(z)·2(σ(z) − y).</summary>
    [Differentiable]
    public static double NeuronCost(double w, double b, [NoDerivative] double aPrev, [NoDerivative] double y)
    {
        var z = w * aPrev + b;
        var a = Activations.Sigmoid(z);
        return (a - y) * (a - y);
    }

    /// <summary>The computation graph L = c·e, e = a + d, d = 2b.</summary>
    [Differentiable]
    public static double ComputationGraph(double a, double b, double c)
    {
        var d = 2 * b;
        var e = a + d;
        return c * e;
    }

    /// <summary>
    /// The 2-2-1 sigmoid network with BCE loss L = −y ln c − (1 − y) ln(1 − c): six weights, three biases, inputs and
    /// label as data. A regression case for a dropped −y·ln c term.
    /// </summary>
    [Differentiable]
    public static double Network221(
        double w11, double w12, double w21, double w22, double u1, double u2, double b1, double b2, double b3,
        [NoDerivative] double x1, [NoDerivative] double x2, [NoDerivative] double y)
    {
        var a1 = Activations.Sigmoid(w11 * x1 + w12 * x2 + b1);
        var a2 = Activations.Sigmoid(w21 * x1 + w22 * x2 + b2);
        var c = Activations.Sigmoid(u1 * a1 + u2 * a2 + b3);
        return -y * Math.Log(c) - (1 - y) * Math.Log(1 - c);
    }

    /// <summary>The 2-2-1 sigmoid network with the loss written −[y ln c + (1 − y) ln(1 − c)].</summary>
    [Differentiable]
    public static double Network221Grouped(
        double w11, double w12, double w21, double w22, double u1, double u2, double b1, double b2, double b3,
        [NoDerivative] double x1, [NoDerivative] double x2, [NoDerivative] double y)
    {
        var a1 = Activations.Sigmoid(w11 * x1 + w12 * x2 + b1);
        var a2 = Activations.Sigmoid(w21 * x1 + w22 * x2 + b2);
        var c = Activations.Sigmoid(u1 * a1 + u2 * a2 + b3);
        return -(y * Math.Log(c) + (1 - y) * Math.Log(1 - c));
    }

    /// <summary>A ReLU hidden layer feeding a sigmoid output: z¹ = Wx + b¹, a¹ = ReLU(z¹), ŷ = σ(W²a¹ + b²), BCE.</summary>
    [Differentiable]
    public static double ReluNetwork(
        double w11, double w12, double w21, double w22, double v1, double v2, double c,
        [NoDerivative] double x1, [NoDerivative] double x2, [NoDerivative] double y)
    {
        var h1 = Activations.ReluMaxZeroFirst(w11 * x1 + w12 * x2);
        var h2 = Activations.ReluTernary(w21 * x1 + w22 * x2);
        var yHat = Activations.Sigmoid(v1 * h1 + v2 * h2 + c);
        return CrossEntropyGrouped(yHat, y);
    }

    /// <summary>The logistic unit's pre-activation z = w·x + b over three inputs.</summary>
    [Differentiable]
    public static double LogisticPreactivation(
        double w1, double w2, double w3, double b, [NoDerivative] double x1, [NoDerivative] double x2, [NoDerivative] double x3) =>
        w1 * x1 + w2 * x2 + w3 * x3 + b;

    /// <summary>The logistic unit σ(w·x + b) over three inputs, through a local.</summary>
    [Differentiable]
    public static double LogisticUnit(
        double w1, double w2, double w3, double b, [NoDerivative] double x1, [NoDerivative] double x2, [NoDerivative] double x3)
    {
        var z = LogisticPreactivation(w1, w2, w3, b, x1, x2, x3);
        return Activations.Sigmoid(z);
    }

    /// <summary>
    /// The logistic unit with the call nested in the argument of another call. A regression case: the generator once resolved the outer call to the
    /// inner callee.
    /// </summary>
    [Differentiable]
    public static double LogisticUnitNested(
        double w1, double w2, double w3, double b, [NoDerivative] double x1, [NoDerivative] double x2, [NoDerivative] double x3) =>
        Activations.Sigmoid(LogisticPreactivation(w1, w2, w3, b, x1, x2, x3));
}
