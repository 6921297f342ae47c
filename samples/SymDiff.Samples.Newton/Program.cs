using SymDiff.Samples.Common;
using SymDiff.Samples.Newton;

// Logistic regression by Newton's method (the generated Hessian) next to gradient descent, on the same data and start.
return SampleHost.Run("SymDiff.Samples.Newton", "Logistic regression trained by Newton's method, with the generated Hessian, next to gradient descent.", args, options =>
{
    var settings = new NewtonSettings(Seed: options.Seed, Points: options.Long ? 4000 : 400);
    SampleHost.Heading($"Two Gaussian clouds: {settings.Points} points, seed {settings.Seed}; both stop when every gradient entry is below {settings.Tolerance:0e0}");
    var result = NewtonSample.Run(settings);
    NewtonSample.Print(result, SampleHost.Out);
});
