using SymDiff.Consumer.Tests.Corpus;
using Xunit;
using static SymDiff.Consumer.Tests.FiniteDifference;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// The loop path with odd names (<see cref="OddNames.SpanKeywords"/>: a span called <c>@in</c>, scalars q and Q):
/// Gradient, Pullback and Pushforward against central differences, under the names the generator promises.
/// </summary>
public sealed class OddNameTests
{
    private static readonly double[] In = [0.3, -1.2, 0.8];
    private const double Q1 = 0.7;
    private const double Q2 = -1.4;

    [Fact]
    public void SpanKeywordsGradientMatchesCentralDifferences()
    {
        var dIn = new double[In.Length];
        var value = OddNames.SpanKeywordsGradient(In, Q1, Q2, dIn, out var dQ, out var dQ2);
        Assert.Equal(OddNames.SpanKeywords(In, Q1, Q2), value);
        for (var i = 0; i < In.Length; i++)
        {
            var k = i;
            AssertClose(Central(v => { var x = (double[])In.Clone(); x[k] = v; return OddNames.SpanKeywords(x, Q1, Q2); }, In[i], false), dIn[i], DoubleTolerance, $"dIn[{i}]");
        }

        AssertClose(Central(q => OddNames.SpanKeywords(In, q, Q2), Q1, false), dQ, DoubleTolerance, "dQ");
        AssertClose(Central(q => OddNames.SpanKeywords(In, Q1, q), Q2, false), dQ2, DoubleTolerance, "dQ2");
    }

    [Fact]
    public void SpanKeywordsPullbackAndPushforwardAgreeWithTheGradient()
    {
        var dIn = new double[In.Length];
        OddNames.SpanKeywordsGradient(In, Q1, Q2, dIn, out var dQ, out var dQ2);

        var pIn = new double[In.Length];
        double pQ = 0, pQ2 = 0;
        OddNames.SpanKeywordsPullback(In, Q1, Q2, 2.0, pIn, ref pQ, ref pQ2);
        AssertClose(2 * dQ, pQ, 1e-12, "pullback dQ");
        AssertClose(2 * dQ2, pQ2, 1e-12, "pullback dQ2");
        for (var i = 0; i < In.Length; i++)
        {
            AssertClose(2 * dIn[i], pIn[i], 1e-12, $"pullback dIn[{i}]");
        }

        double[] tIn = [0.5, -0.25, 1.5];
        var (_, tangent) = OddNames.SpanKeywordsPushforward(In, Q1, Q2, tIn, tQ: 0.3, tQ2: -0.6);
        var expected = dIn.Zip(tIn, (d, t) => d * t).Sum() + dQ * 0.3 + dQ2 * -0.6;
        AssertClose(expected, tangent, 1e-12, "pushforward");
    }
}
