using System.Reflection;
using SymDiff;
using SymDiff.Samples.Common;
using SymDiff.Samples.Xor;

// XOR with the seeds' 2-2-1 sigmoid network, trained by gradient descent on the gradient SymDiff generated at
// compile time from XorNetwork.Loss. Prints the generated derivative formulas, trains, and draws the loss curve.
return SampleHost.Run("SymDiff.Samples.Xor", "XOR with the seeds' 2-2-1 sigmoid network, trained on SymDiff's generated gradient.", args, options =>
{
    SampleHost.Heading("Derivatives SymDiff generated at build time (obj/generated/…/XorNetwork.*.g.cs)");
    ShowFormula("σ(z) = 1/(1 + e^−z)", nameof(XorNetwork.Sigmoid));
    ShowFormula("L = −[y ln ŷ + (1 − y) ln(1 − ŷ)] with z1, z2 = W·x + b, h = σ(z1, z2), zOut = v·h + c, ŷ = σ(zOut)", nameof(XorNetwork.Loss));
    SampleHost.Out.WriteLine("  (∂h1/∂z, ∂h2/∂z and ∂yHat/∂z are σ'(z) = σ(z)(1 − σ(z)) at each unit's own input, from SigmoidGradient)");

    var settings = new XorSettings(Seed: options.Seed, Epochs: options.Epochs ?? (options.Long ? 10000 : 2000));
    SampleHost.Heading($"Training: {settings.Epochs} epochs, full-batch gradient descent, η = {settings.LearningRate}, momentum {settings.Momentum}, seed {settings.Seed}");
    var result = TrainingDisplay.Run("XOR 2-2-1", options.Plain, progress => XorSample.Train(settings, progress));

    SampleHost.Heading("Result");
    XorSample.Print(result, SampleHost.Out);
    SampleHost.WriteLossCurve(options, "xor-loss.svg", "XOR, 2-2-1 sigmoid network: mean binary cross-entropy", result.History);
});

static void ShowFormula(string title, string method)
{
    SampleHost.Out.WriteLine();
    SampleHost.Out.WriteLine(title);
    var gradient = typeof(XorNetwork).GetMethod(method + "Gradient", BindingFlags.Public | BindingFlags.Static)!;
    foreach (var line in gradient.GetCustomAttribute<DerivativeFormulaAttribute>()!.Lines)
    {
        SampleHost.Out.WriteLine("  " + line);
    }
}
