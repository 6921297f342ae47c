namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Helpers the physics corpus calls: rotations, quaternion products and state derivatives (inlined by SymDiff).</summary>
public static class PhysicsHelpers
{
    /// <summary>Rotates (x, y) by an angle in place.</summary>
    public static void Rotate(double angle, ref double x, ref double y)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        double nx = c * x - s * y;
        y = s * x + c * y;
        x = nx;
    }

    /// <summary>The Hamilton product a·b of quaternions (w, x, y, z), into r.</summary>
    public static void QuatMul(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> r)
    {
        r[0] = a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3];
        r[1] = a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2];
        r[2] = a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1];
        r[3] = a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0];
    }

    /// <summary>The derivatives of a damped pendulum, θ' = ω, ω' = −(g/L) sin θ − cω.</summary>
    public static void PendulumDerivatives(double theta, double omega, double gOverL, double damping, out double dTheta, out double dOmega)
    {
        dTheta = omega;
        dOmega = -gOverL * Math.Sin(theta) - damping * omega;
    }

    /// <summary>The derivative of a spring–damper state (x, v): (v, −kx − cv).</summary>
    public static void SpringDerivative(ReadOnlySpan<double> s, Span<double> ds, double k, double c)
    {
        ds[0] = s[1];
        ds[1] = -k * s[0] - c * s[1];
    }

    /// <summary>The derivative of a two-body state (x, y, vx, vy) under gravity μ/r².</summary>
    public static void KeplerDerivative(ReadOnlySpan<double> s, Span<double> ds, double mu)
    {
        double r2 = s[0] * s[0] + s[1] * s[1];
        double r3 = r2 * Math.Sqrt(r2);
        ds[0] = s[2];
        ds[1] = s[3];
        ds[2] = -mu * s[0] / r3;
        ds[3] = -mu * s[1] / r3;
    }

    /// <summary>The dot product of two spans.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>The row-major ZYX (yaw, pitch, roll) rotation matrix, into m.</summary>
    public static void EulerZyx(double yaw, double pitch, double roll, Span<double> m)
    {
        double cy = Math.Cos(yaw), sy = Math.Sin(yaw);
        double cp = Math.Cos(pitch), sp = Math.Sin(pitch);
        double cr = Math.Cos(roll), sr = Math.Sin(roll);
        m[0] = cy * cp;
        m[1] = cy * sp * sr - sy * cr;
        m[2] = cy * sp * cr + sy * sr;
        m[3] = sy * cp;
        m[4] = sy * sp * sr + cy * cr;
        m[5] = sy * sp * cr - cy * sr;
        m[6] = -sp;
        m[7] = cp * sr;
        m[8] = cp * cr;
    }

    /// <summary>A 3×3 row-major matrix times a 3-vector, into r.</summary>
    public static void MatVec3(ReadOnlySpan<double> m, ReadOnlySpan<double> v, Span<double> r)
    {
        for (int i = 0; i < 3; i++)
        {
            r[i] = m[3 * i] * v[0] + m[3 * i + 1] * v[1] + m[3 * i + 2] * v[2];
        }
    }

    /// <summary>Normalizes a span in place to unit length.</summary>
    public static void Normalize(Span<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
        double inv = 1 / Math.Sqrt(s);
        for (int i = 0; i < v.Length; i++) v[i] *= inv;
    }

    /// <summary>The cross product a × b, into r.</summary>
    public static void Cross(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> r)
    {
        r[0] = a[1] * b[2] - a[2] * b[1];
        r[1] = a[2] * b[0] - a[0] * b[2];
        r[2] = a[0] * b[1] - a[1] * b[0];
    }

    /// <summary>The sine and cosine of an angle.</summary>
    public static void SinCos(double angle, out double s, out double c)
    {
        s = Math.Sin(angle);
        c = Math.Cos(angle);
    }

    /// <summary>Rotates (x, y) in place, the sine and cosine from <see cref="SinCos"/>.</summary>
    public static void RotateViaSinCos(double angle, ref double x, ref double y)
    {
        SinCos(angle, out double s, out double c);
        double nx = c * x - s * y;
        y = s * x + c * y;
        x = nx;
    }
}
