using SymDiff.AdBench.Ba;
using SymDiff.AdBench.Gmm;

namespace SymDiff.AdBench.Tests.Harness;

/// <summary>Computes the full GMM gradient, in the layout [dAlphas (K), dMeans (K×d), dIcf (K×d(d+1)/2)].</summary>
internal delegate void GmmGradient(GmmInput input, Span<double> gradient);

/// <summary>
/// The derivative providers the correctness tests check: the generated ones, and finite-difference references that
/// cross-check the golden files independently of the generator.
/// </summary>
internal static class Derivatives
{
    /// <summary>The generated GMM gradient (<c>GmmObjective.ObjectiveGradient</c>).</summary>
    public static void GeneratedGmmGradient(GmmInput input, Span<double> gradient) => input.Gradient(gradient);

    /// <summary>The generated 2×15 block of one BA observation (<c>BaObjective.ComputeReprojectionErrorJacobian</c>).</summary>
    public static void GeneratedBaBlock(ReadOnlySpan<double> camera, ReadOnlySpan<double> point, double weight, ReadOnlySpan<double> feature, Span<double> block)
    {
        Span<double> error = stackalloc double[2];
        BaObjective.ComputeReprojectionErrorJacobian(camera, point, weight, feature, error, block);
    }

    /// <summary>The generated derivative of the weight residual.</summary>
    public static double GeneratedWeightErrorDerivative(double w)
    {
        BaObjective.ComputeWeightErrorGradient(w, out var dW);
        return dW;
    }

    /// <summary>Finite-difference GMM gradient (all entries).</summary>
    public static void FiniteDifferenceGmmGradient(GmmInput input, Span<double> gradient) =>
        FiniteDifferenceGmmGradient(input, gradient, null);

    /// <summary>Finite-difference GMM gradient, only at <paramref name="indices"/>.</summary>
    public static void FiniteDifferenceGmmGradient(GmmInput input, Span<double> gradient, IEnumerable<int>? indices) =>
        FiniteDifference.Gradient(packed => input.ObjectiveAt(packed), input.PackParameters(), gradient, indices);

    /// <summary>Finite-difference 2×15 block of one BA observation (camera 11, point 3, weight 1).</summary>
    public static void FiniteDifferenceBaBlock(ReadOnlySpan<double> camera, ReadOnlySpan<double> point, double weight, ReadOnlySpan<double> feature, Span<double> block)
    {
        double[] featureCopy = feature.ToArray();
        var x = new double[BaSparseJacobian.BlockColumns];
        camera.CopyTo(x);
        point.CopyTo(x.AsSpan(BaInput.CameraSize));
        x[^1] = weight;
        FiniteDifference.Jacobian(
            (v, y) => BaObjective.ComputeReprojectionError(
                v.AsSpan(0, BaInput.CameraSize), v.AsSpan(BaInput.CameraSize, BaInput.PointSize), v[^1], featureCopy, y),
            x,
            2,
            block);
    }

    /// <summary>Finite-difference derivative of the weight residual.</summary>
    public static double FiniteDifferenceWeightErrorDerivative(double w)
    {
        var gradient = new double[1];
        FiniteDifference.Gradient(v => BaObjective.ComputeWeightError(v[0]), [w], gradient);
        return gradient[0];
    }
}
