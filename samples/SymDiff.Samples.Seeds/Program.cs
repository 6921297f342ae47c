using System.Globalization;
using System.Reflection;
using SymDiff;
using SymDiff.Samples.Common;
using SymDiff.Samples.Seeds;

// The lecture seeds' worked examples: each function, the derivative SymDiff generated for it at compile time
// (read off the generated method), and the numbers from the slides.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// Every line printed fits the terminal (long ones wrap at spaces).
Console.SetOut(SampleHost.Out);

Show("σ(z) = 1/(1 + e^−z)", nameof(SeedFunctions.Sigmoid));
var s = SeedFunctions.SigmoidGradient(0.87, out var dSigma);
Console.WriteLine($"  σ(0.87) = {s:F3}, σ'(0.87) = {dSigma:F4} = σ(1 − σ) = {s * (1 - s):F4}");

Show("tanh(z)", nameof(SeedFunctions.Tanh));
var t = SeedFunctions.TanhGradient(0.5, out var dTanh);
Console.WriteLine($"  tanh'(0.5) = {dTanh:F4} = 1 − tanh² = {1 - (t * t):F4}");

Show("ReLU(z) = max(0, z)", nameof(SeedFunctions.Relu));
SeedFunctions.ReluGradient(-1, out var reluNeg);
SeedFunctions.ReluGradient(0, out var reluZero);
SeedFunctions.ReluGradient(2, out var reluPos);
Console.WriteLine($"  ReLU'(−1) = {reluNeg}, ReLU'(0) = {reluZero}, ReLU'(2) = {reluPos}");

Show("leaky(z) = max(z, k·z)", nameof(SeedFunctions.LeakyRelu));
SeedFunctions.LeakyReluGradient(-2, 0.1, out var leaky);
Console.WriteLine($"  leaky'(−2; k = 0.1) = {leaky}");

Show("hardtanh(z)", nameof(SeedFunctions.HardTanh));
SeedFunctions.HardTanhGradient(0.3, out var hIn);
SeedFunctions.HardTanhGradient(3, out var hOut);
Console.WriteLine($"  hardtanh'(0.3) = {hIn}, hardtanh'(3) = {hOut}");

Show("f(x) = (x² + 1)³", nameof(SeedFunctions.Cube));
SeedFunctions.CubeGradient(2, out var dCube);
Console.WriteLine($"  f'(2) = {dCube} = 6x(x² + 1)² = {6 * 2 * 25}");

Show("f(x) = ln(a·x)", nameof(SeedFunctions.LogOfScaled));
SeedFunctions.LogOfScaledGradient(4, 7, out var dLn);
Console.WriteLine($"  f'(4) with a = 7: {dLn} = 1/x = {1.0 / 4}");

Show("f(x, y, z) = (x + y)·max(y, z)", nameof(SeedFunctions.Graph));
var f = SeedFunctions.GraphGradient(1, 2, 0, out var dx, out var dy, out var dz);
Console.WriteLine($"  f(1, 2, 0) = {f}, ∇f = ({dx}, {dy}, {dz})   (slides: 6 and (2, 5, 0))");

Show("logistic unit: z = x·w + b, a = σ(z)", nameof(SeedFunctions.LogisticUnit));
var a = SeedFunctions.LogisticUnitGradient(0.2, 0.3, 0.9, 0.5, 0.5, 0.6, 0.1, out var dw1, out var dw2, out var dw3, out var db);
Console.WriteLine($"  x = [0.5, 0.6, 0.1], w = [0.2, 0.3, 0.9], b = 0.5: z = {(0.5 * 0.2) + (0.6 * 0.3) + (0.1 * 0.9) + 0.5:F2}, a = {a:F3}   (slides: 0.87, 0.705)");
Console.WriteLine($"  ∂a/∂w = ({dw1:F4}, {dw2:F4}, {dw3:F4}) = a(1 − a)·x, ∂a/∂b = {db:F4}");

Show("BCE: L = −y ln σ(wx + b) − (1 − y) ln(1 − σ(wx + b))", nameof(SeedFunctions.Loss));
var loss = SeedFunctions.LossGradient(0.5, 0.1, 2, 1, out var dW, out var dB);
var yHat = 1 / (1 + Math.Exp(-((0.5 * 2) + 0.1)));
Console.WriteLine($"  L = {loss:F4}; ∂L/∂w = {dW:F4} = (ŷ − y)·x = {(yHat - 1) * 2:F4}; ∂L/∂b = {dB:F4} = ŷ − y");

// Gradient descent on the logistic unit, the seeds' w := w − ξ ∂L/∂w.
double w = 0, b = 0;
var data = new[] { (x: -2.0, y: 0.0), (x: -1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 2.5, y: 1.0) };
for (var epoch = 0; epoch <= 200; epoch++)
{
    var total = 0.0;
    foreach (var (x, y) in data)
    {
        total += SeedFunctions.LossGradient(w, b, x, y, out var gw, out var gb);
        w -= 0.5 * gw;
        b -= 0.5 * gb;
    }

    if (epoch % 50 == 0)
    {
        Console.WriteLine($"  epoch {epoch,3}: mean loss {total / data.Length:F4}, w = {w:F3}, b = {b:F3}");
    }
}

static void Show(string title, string method)
{
    Console.WriteLine();
    Console.WriteLine(title);
    var gradient = typeof(SeedFunctions).GetMethod(method + "Gradient", BindingFlags.Public | BindingFlags.Static)!;
    foreach (var line in gradient.GetCustomAttribute<DerivativeFormulaAttribute>()!.Lines)
    {
        Console.WriteLine("  " + line);
    }
}
