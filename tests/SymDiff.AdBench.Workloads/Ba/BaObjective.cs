namespace SymDiff.AdBench.Ba;

/// <summary>
/// The ADBench bundle-adjustment residuals, written with scalar locals so that SymDiff can differentiate them.
/// They follow ADBench's reference C++ (<c>computeReprojError</c>, <c>computeZachWeightError</c>) step by step.
/// </summary>
public static partial class BaObjective
{
    /// <summary>
    /// The weighted reprojection error of one observation: <c>error = weight * (project(camera, point) - feature)</c>,
    /// where the camera is <c>[r (Rodrigues, 3), c (3), f, x0 (2), kappa (2)]</c>.
    /// </summary>
    /// <param name="camera">The camera, 11 values.</param>
    /// <param name="point">The 3-D point.</param>
    /// <param name="weight">The observation's weight.</param>
    /// <param name="feature">The observed 2-D feature.</param>
    /// <param name="error">Receives the two residuals.</param>
    [Differentiable]
    public static void ComputeReprojectionError(
        ReadOnlySpan<double> camera,
        ReadOnlySpan<double> point,
        double weight,
        [NoDerivative] ReadOnlySpan<double> feature,
        Span<double> error)
    {
        // Y = X - c.
        double y0 = point[0] - camera[3];
        double y1 = point[1] - camera[4];
        double y2 = point[2] - camera[5];

        // Rodrigues rotation of Y by r.
        double r0 = camera[0];
        double r1 = camera[1];
        double r2 = camera[2];
        double sqTheta = (r0 * r0) + (r1 * r1) + (r2 * r2);
        double xc0;
        double xc1;
        double xc2;
        if (sqTheta != 0.0)
        {
            double theta = Math.Sqrt(sqTheta);
            double cosTheta = Math.Cos(theta);
            double sinTheta = Math.Sin(theta);
            double thetaInverse = 1.0 / theta;
            double w0 = r0 * thetaInverse;
            double w1 = r1 * thetaInverse;
            double w2 = r2 * thetaInverse;
            double wCrossY0 = (w1 * y2) - (w2 * y1);
            double wCrossY1 = (w2 * y0) - (w0 * y2);
            double wCrossY2 = (w0 * y1) - (w1 * y0);
            double tmp = ((w0 * y0) + (w1 * y1) + (w2 * y2)) * (1.0 - cosTheta);
            xc0 = (y0 * cosTheta) + (wCrossY0 * sinTheta) + (w0 * tmp);
            xc1 = (y1 * cosTheta) + (wCrossY1 * sinTheta) + (w1 * tmp);
            xc2 = (y2 * cosTheta) + (wCrossY2 * sinTheta) + (w2 * tmp);
        }
        else
        {
            xc0 = y0 + ((r1 * y2) - (r2 * y1));
            xc1 = y1 + ((r2 * y0) - (r0 * y2));
            xc2 = y2 + ((r0 * y1) - (r1 * y0));
        }

        // Perspective division, radial distortion, focal length and principal point.
        double p0 = xc0 / xc2;
        double p1 = xc1 / xc2;
        double rsq = (p0 * p0) + (p1 * p1);
        double distortion = 1.0 + (camera[9] * rsq) + (camera[10] * rsq * rsq);
        double proj0 = (p0 * distortion * camera[6]) + camera[7];
        double proj1 = (p1 * distortion * camera[6]) + camera[8];

        error[0] = weight * (proj0 - feature[0]);
        error[1] = weight * (proj1 - feature[1]);
    }

    /// <summary>The weight residual <c>1 - w^2</c>.</summary>
    [Differentiable]
    public static double ComputeWeightError(double w) => 1.0 - (w * w);

    /// <summary>
    /// All residuals of a problem (ADBench's BA objective): <paramref name="reprojectionErrors"/> gets 2 per
    /// observation, <paramref name="weightErrors"/> 1 per observation.
    /// </summary>
    public static void ComputeAll(BaInput input, Span<double> reprojectionErrors, Span<double> weightErrors)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (reprojectionErrors.Length < 2 * input.P || weightErrors.Length < input.P)
        {
            throw new ArgumentException($"expected room for {2 * input.P} reprojection and {input.P} weight residuals");
        }

        for (int i = 0; i < input.P; i++)
        {
            ComputeReprojectionError(input.CameraOf(i), input.PointOf(i), input.Weights[i], input.FeatureOf(i), reprojectionErrors.Slice(2 * i, 2));
        }

        for (int i = 0; i < input.P; i++)
        {
            weightErrors[i] = ComputeWeightError(input.Weights[i]);
        }
    }
}
