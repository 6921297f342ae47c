using SymDiff.Samples.Newton;

namespace SymDiff.Samples.Tests;

public class NewtonSampleTests
{
    [Fact]
    public void NewtonConvergesInAFewStepsWhereGradientDescentNeedsHundreds()
    {
        var result = NewtonSample.Run(new NewtonSettings());
        Assert.True(result.Newton.Converged);
        Assert.True(result.GradientDescent.Converged);
        Assert.InRange(result.Newton.Iterations, 3, 12);
        Assert.True(result.GradientDescent.Iterations > 50 * result.Newton.Iterations, $"gradient descent {result.GradientDescent.Iterations}, Newton {result.Newton.Iterations}");

        // The same minimum: the loss is convex, so both reach it.
        Assert.Equal(result.GradientDescent.Loss, result.Newton.Loss, 9);
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(result.GradientDescent.Parameters[k], result.Newton.Parameters[k], 5);
        }

        Assert.InRange(result.Accuracy, 0.8, 1.0);
        Assert.InRange(result.HessianCheckError, 0, 1e-6);
        Assert.InRange(result.PerExampleHessianError, 0, 1e-12);
    }

    [Fact]
    public void NewtonsLossFallsEveryStepAndQuadraticallyAtTheEnd()
    {
        var history = NewtonSample.Run(new NewtonSettings(Seed: 4)).Newton.History;
        for (var i = 1; i < history.Count; i++)
        {
            Assert.True(history[i] <= history[i - 1] + 1e-15, $"step {i}: {history[i]} after {history[i - 1]}");
        }

        // Quadratic convergence: the gap to the minimum roughly squares from one step to the next near the end.
        var minimum = history[^1];
        var gaps = history.Select(l => l - minimum).Where(g => g > 1e-13).ToList();
        Assert.True(gaps.Count >= 3);
        Assert.True(gaps[^1] < gaps[^2] * gaps[^2] * 100, $"last gaps {gaps[^2]}, {gaps[^1]}");
    }

    [Fact]
    public void SameSeedGivesTheSameRun()
    {
        var a = NewtonSample.Run(new NewtonSettings(Seed: 2));
        var b = NewtonSample.Run(new NewtonSettings(Seed: 2));
        Assert.Equal(a.Newton.History, b.Newton.History);
        Assert.Equal(a.GradientDescent.Iterations, b.GradientDescent.Iterations);
    }

    [Fact]
    public void PrintNamesBothMethods()
    {
        var text = new StringWriter();
        NewtonSample.Print(NewtonSample.Run(new NewtonSettings()), text);
        Assert.Contains("Newton ", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("gradient descent ", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("converged in", text.ToString(), StringComparison.Ordinal);
    }
}
