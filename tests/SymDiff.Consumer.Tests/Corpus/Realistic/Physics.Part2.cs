namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Physics, continued.</summary>
public static partial class Physics
{
    /// <summary>Integrates an attitude quaternion under constant body rates, q' = ½ q ⊗ (0, ω), renormalizing each step.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "helpers", "buffers", "spans", "math", "no-derivative")]
    [At(new[] { 1.0, 0.0, 0.0, 0.0 }, new[] { 0.3, -0.2, 0.5 }, 0.05, 20), At(new[] { 0.8, 0.2, -0.3, 0.4 }, new[] { 1.0, 0.4, -0.1 }, 0.02, 30)]
    public static double QuaternionIntegrate(ReadOnlySpan<double> q0, ReadOnlySpan<double> omega, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        Span<double> q = stackalloc double[4];
        Span<double> w = stackalloc double[] { 0, omega[0], omega[1], omega[2] };
        Span<double> dq = stackalloc double[4];
        for (int i = 0; i < 4; i++) q[i] = q0[i];
        PhysicsHelpers.Normalize(q);
        for (int n = 0; n < steps; n++)
        {
            PhysicsHelpers.QuatMul(q, w, dq);
            for (int i = 0; i < 4; i++) q[i] += 0.5 * dt * dq[i];
            PhysicsHelpers.Normalize(q);
        }

        return q[1] + q[2] * q[3];
    }

    /// <summary>The net vertical acceleration of a submerged block, its density picked by material in a switch expression.</summary>
    [Differentiable(PushforwardN = true), Constructs("switch", "no-derivative")]
    [At(0, 0.02, 1000.0, 9.81), At(1, 0.01, 1025.0, 9.81), At(3, 0.5, 1000.0, 9.81), At(7, 0.1, 900.0, 9.81)]
    public static double BuoyantAcceleration([NoDerivative] int material, double volume, double fluidDensity, [NoDerivative] double g)
    {
        double density = material switch
        {
            0 => 500.0,
            1 => 7800.0,
            2 or 3 => 2700.0,
            _ => 1200.0,
        };
        double mass = density * volume;
        return (fluidDensity * volume * g - mass * g) / mass + 0.01 * volume * volume;
    }

    /// <summary>The drag force on a sphere with the drag coefficient by Reynolds-number regime (Stokes, transitional, Newton).</summary>
    [Differentiable(PushforwardN = true), Constructs("switch", "math", "no-derivative")]
    [At(10.0, 2.0, 1.8e-5, 1.2), At(1.0, 0.5, 1.8e-5, 1.2), At(0.1, 0.1, 1.8e-5, 1.2)]
    public static double SphereDrag(double diameterMm, double speed, [NoDerivative] double viscosity, [NoDerivative] double density)
    {
        double diameter = diameterMm * 1e-3;
        double re = density * speed * diameter / viscosity;
        double cd = re switch
        {
            < 1.0 => 24 / re,
            < 1000.0 => 24 / re * (1 + 0.15 * Math.Pow(re, 0.687)),
            _ => 0.44,
        };
        double area = Math.PI * diameter * diameter / 4;
        return 0.5 * cd * density * speed * speed * area * 1e4;
    }

    /// <summary>Explicit finite-difference heat conduction in a rod with fixed ends; interior written through an AsSpan view.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "views", "no-derivative")]
    [At(new[] { 0.0, 1.0, 2.0, 1.5, 0.5, 0.0 }, 0.2, 1.0, 10), At(new[] { 1.0, 0.3, 0.8, 2.0 }, 0.35, 0.5, 15)]
    public static double HeatConduction(ReadOnlySpan<double> initial, double diffusivity, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        int n = initial.Length;
        double[] u = new double[n];
        double[] next = new double[n];
        for (int i = 0; i < n; i++) u[i] = initial[i];
        for (int s = 0; s < steps; s++)
        {
            Span<double> inner = next.AsSpan(1, n - 2);
            for (int i = 1; i < n - 1; i++)
            {
                inner[i - 1] = u[i] + diffusivity * dt * (u[i - 1] - 2 * u[i] + u[i + 1]);
            }

            for (int i = 1; i < n - 1; i++) u[i] = next[i];
        }

        double sum = 0;
        for (int i = 0; i < n; i++) sum += u[i] * u[i];
        return sum + u[^2];
    }

    /// <summary>An event's coordinates after a Lorentz boost (c = 1), updated by tuple assignment.</summary>
    [Differentiable(PushforwardN = true), Constructs("tuples", "math")]
    [At(2.0, 1.0, 0.4), At(1.0, -0.5, -0.7)]
    public static double LorentzBoost(double t, double x, double velocity)
    {
        double gamma = 1 / Math.Sqrt(1 - velocity * velocity);
        (t, x) = (gamma * (t - velocity * x), gamma * (x - velocity * t));
        return t + 0.3 * x;
    }

    /// <summary>The kinetic energy of the second body after a 1-D elastic collision.</summary>
    [Differentiable(PushforwardN = true), Constructs("tuples")]
    [At(2.0, 1.0, 3.0, -1.0), At(0.5, 4.0, 1.0, 0.2)]
    public static double ElasticCollision(double m1, double m2, double u1, double u2)
    {
        double total = m1 + m2;
        var (v1, v2) = ((m1 - m2) / total * u1 + 2 * m2 / total * u2, 2 * m1 / total * u1 + (m2 - m1) / total * u2);
        return 0.5 * m2 * v2 * v2 + 0.1 * v1;
    }

    /// <summary>An elastic (spring) pendulum in polar coordinates by semi-implicit Euler, accelerations from a local function's out parameters.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "local-functions", "math", "no-derivative")]
    [At(1.0, 0.5, 50.0, 0.9, 0.01, 40), At(1.2, -0.3, 20.0, 1.0, 0.02, 30)]
    public static double ElasticPendulum(double r0, double theta0, double stiffness, double restLength, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        double r = r0, th = theta0, rd = 0, thd = 0;
        for (int i = 0; i < steps; i++)
        {
            Accelerations(r, th, rd, thd, stiffness, restLength, out double ar, out double ath);
            rd += ar * dt;
            thd += ath * dt;
            r += rd * dt;
            th += thd * dt;
        }

        return r * Math.Sin(th) + 0.5 * r * Math.Cos(th);

        static void Accelerations(double r, double th, double rd, double thd, double k, double rest, out double ar, out double ath)
        {
            ar = r * thd * thd + 9.81 * Math.Cos(th) - k * (r - rest);
            ath = (-9.81 * Math.Sin(th) - 2 * rd * thd) / r;
        }
    }

    /// <summary>The position along a Keplerian orbit from its elements, rotated by the argument of periapsis.</summary>
    [Differentiable(PushforwardN = true), Constructs("tuples", "math")]
    [At(1.5, 0.2, 0.8, 0.3), At(2.0, 0.6, 2.4, -0.5)]
    public static double OrbitPosition(double semiMajor, double eccentricity, double trueAnomaly, double periapsis)
    {
        double r = semiMajor * (1 - eccentricity * eccentricity) / (1 + eccentricity * Math.Cos(trueAnomaly));
        var (c, s) = (Math.Cos(trueAnomaly + periapsis), Math.Sin(trueAnomaly + periapsis));
        return r * c + 2 * r * s;
    }

    /// <summary>A superposition of travelling waves, each (amplitude, wavenumber, frequency) a 3-element slice of the parameters.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "math", "no-derivative")]
    [At(new[] { 1.0, 2.0, 3.0, 0.5, 4.0, 1.5 }, 0.3, 0.7), At(new[] { 0.2, 1.0, 0.5 }, 1.1, 0.2)]
    public static double WaveSuperposition(ReadOnlySpan<double> waves, [NoDerivative] double x, [NoDerivative] double t)
    {
        double y = 0;
        for (int i = 0; i < waves.Length / 3; i++)
        {
            var w = waves.Slice(3 * i, 3);
            y += w[0] * Math.Sin(w[1] * x - w[2] * t);
        }

        return y * y;
    }

    /// <summary>The range of a projectile launched from a height, in single precision.</summary>
    [Differentiable(PushforwardN = true), Constructs("float", "math")]
    [At(12.0, 0.6, 2.0), At(8.0, 0.9, 5.0)]
    public static float ProjectileRangeFromHeightF(float speed, float angle, float height)
    {
        const float g = 9.81f;
        float vx = speed * MathF.Cos(angle);
        float vy = speed * MathF.Sin(angle);
        return vx / g * (vy + MathF.Sqrt(vy * vy + 2 * g * height));
    }

    /// <summary>A pendulum by semi-implicit Euler in single precision, as a game engine would step it.</summary>
    [Differentiable(PushforwardN = true), Constructs("float", "loops", "math", "no-derivative")]
    [At(0.5, 1.0, 20), At(-0.3, 2.0, 15)]
    public static float PendulumEulerF(float theta0, float length, [NoDerivative] int steps)
    {
        float theta = theta0, omega = 0f;
        const float dt = 0.02f;
        for (int i = 0; i < steps; i++)
        {
            omega -= 9.81f / length * MathF.Sin(theta) * dt;
            theta += omega * dt;
        }

        return theta;
    }

    /// <summary>A chain of masses anchored at the origin by position Verlet on arrays; returns the free end's position.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "buffers", "views", "no-derivative")]
    [At(new[] { 1.1, 1.9, 3.2 }, 4.0, 0.05, 20), At(new[] { 0.9, 2.2 }, 2.0, 0.1, 15)]
    public static double VerletChain(double[] positions, double stiffness, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        int n = positions.Length;
        double[] x = new double[n];
        double[] prev = new double[n];
        double[] force = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = positions[i];
            prev[i] = positions[i];
        }

        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                double left = i == 0 ? 0.0 : x[i - 1];
                force[i] = -stiffness * (x[i] - left - 1.0);
                if (i < n - 1)
                {
                    force[i] += stiffness * (x[i + 1] - x[i] - 1.0);
                }
            }

            for (int i = 0; i < n; i++)
            {
                double current = x[i];
                x[i] = 2 * current - prev[i] + force[i] * dt * dt;
                prev[i] = current;
            }
        }

        return x[^1];
    }

    /// <summary>The change in kinetic energy between two velocity vectors, through a static local function over spans.</summary>
    [Differentiable(PushforwardN = true), Constructs("local-functions", "spans", "loops")]
    [At(new[] { 1.0, 2.0, -0.5 }, new[] { 0.5, 2.5, 0.3 }, 1.5)]
    public static double KineticEnergyChange(ReadOnlySpan<double> before, ReadOnlySpan<double> after, double mass)
    {
        return Kinetic(after, mass) - Kinetic(before, mass);

        static double Kinetic(ReadOnlySpan<double> v, double m)
        {
            double s = 0;
            for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
            return 0.5 * m * s;
        }
    }

    /// <summary>The total Δv of a staged rocket by the Tsiolkovsky equation, stages burning bottom first.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math", "no-derivative")]
    [At(new[] { 2.0, 1.0, 0.4 }, new[] { 20.0, 8.0, 3.0 }, 3.0, 0.5), At(new[] { 3.0, 1.0 }, new[] { 25.0, 6.0 }, 2.5, 1.0)]
    public static double RocketDeltaV(ReadOnlySpan<double> dryMasses, ReadOnlySpan<double> propellant, double exhaustVelocity, [NoDerivative] double payload)
    {
        double m0 = payload;
        for (int i = 0; i < dryMasses.Length; i++) m0 += dryMasses[i] + propellant[i];
        double dv = 0;
        for (int i = 0; i < dryMasses.Length; i++)
        {
            double mf = m0 - propellant[i];
            dv += exhaustVelocity * Math.Log(m0 / mf);
            m0 = mf - dryMasses[i];
        }

        return dv;
    }

    /// <summary>The boundary work of an ideal-gas process by kind, with an or-pattern and a when guard.</summary>
    [Differentiable(PushforwardN = true), Constructs("switch", "math", "no-derivative")]
    [At(0, 200.0, 0.01, 0.03, 1.4), At(1, 200.0, 0.01, 0.03, 1.4), At(2, 150.0, 0.02, 0.05, 1.3), At(3, 200.0, 0.01, 0.03, 1.4), At(5, 200.0, 0.01, 0.03, 1.4)]
    public static double ProcessWork([NoDerivative] int process, double p1, double v1, double v2, double gamma)
    {
        switch (process)
        {
            case 0:
                return p1 * v1 * Math.Log(v2 / v1);
            case 1 or 2 when gamma > 1:
                return (p1 * v1 - p1 * Math.Pow(v1 / v2, gamma) * v2) / (gamma - 1);
            case 3:
                return p1 * (v2 - v1);
            default:
                return 0.5 * p1 * (v2 - v1);
        }
    }

    /// <summary>The focal length of a thin lens by the lensmaker's equation.</summary>
    [Differentiable(PushforwardN = true), Constructs("math")]
    [At(1.5, 0.2, -0.3), At(1.7, 0.5, 0.9)]
    public static double LensmakerFocalLength(double index, double r1, double r2) => 1 / ((index - 1) * (1 / r1 - 1 / r2));

    /// <summary>The effective focal length of two thin lenses a distance apart, the first from the lensmaker's equation.</summary>
    [Differentiable(PushforwardN = true), Constructs("calls")]
    [At(1.5, 0.2, -0.3, 0.05, 0.25), At(1.6, 0.4, -0.4, 0.1, -0.5)]
    public static double TwoLensFocalLength(double index, double r1, double r2, double separation, double f2)
    {
        double f1 = LensmakerFocalLength(index, r1, r2);
        return 1 / (1 / f1 + 1 / f2 - separation / (f1 * f2));
    }

    /// <summary>The gravitational potential of a uniform sphere, inside or outside, the radius assigned in the condition.</summary>
    [Differentiable(PushforwardN = true), Constructs("embedded-assignments", "branches", "math")]
    [At(2.0, 1.0, 1.5, 3.0), At(0.3, 0.4, 1.0, 2.0)]
    public static double UniformSpherePotential(double x, double y, double radius, double mu)
    {
        double r;
        if ((r = Math.Sqrt(x * x + y * y)) > radius)
        {
            return -mu / r;
        }

        return -mu * (3 * radius * radius - r * r) / (2 * radius * radius * radius);
    }

    /// <summary>The total distance a ball travels over n bounces with restitution e, in a do loop counting in the condition.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "embedded-assignments", "math", "no-derivative")]
    [At(2.0, 0.8, 5), At(1.0, 0.6, 8)]
    public static double BouncingBallDistance(double height, double restitution, [NoDerivative] int bounces)
    {
        double h = height;
        double distance = height;
        int k = 0;
        do
        {
            h *= restitution * restitution;
            distance += 2 * h;
        }
        while (++k < bounces);

        return distance + Math.Sqrt(2 * h / 9.81);
    }

    /// <summary>The squared net spring forces on a row of masses, accumulated through ref locals into a buffer.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers")]
    [At(new[] { 0.0, 1.2, 1.9, 3.3 }, 2.0, 1.0), At(new[] { 0.5, 1.0, 2.5 }, 3.0, 0.8)]
    public static double SpringNetworkForces(ReadOnlySpan<double> positions, double stiffness, [NoDerivative] double restLength)
    {
        int n = positions.Length;
        Span<double> f = stackalloc double[n];
        for (int i = 0; i < n - 1; i++)
        {
            double tension = stiffness * (positions[i + 1] - positions[i] - restLength);
            ref double left = ref f[i];
            left += tension;
            ref double right = ref f[i + 1];
            right -= tension;
        }

        double sum = 0;
        for (int i = 0; i < n; i++) sum += f[i] * f[i];
        return sum;
    }

    /// <summary>The squared angular momentum of a particle, r × p from a packed state (r, v) through range views.</summary>
    [Differentiable(PushforwardN = true), Constructs("helpers", "views", "spans", "buffers")]
    [At(new[] { 1.0, 0.5, -0.2, 0.3, 1.2, 0.4 }, 2.0), At(new[] { -0.4, 2.0, 1.0, 1.0, 0.0, -0.5 }, 0.5)]
    public static double AngularMomentumSquared(ReadOnlySpan<double> state, double mass)
    {
        Span<double> l = stackalloc double[3];
        PhysicsHelpers.Cross(state[..3], state[3..], l);
        return mass * mass * (l[0] * l[0] + l[1] * l[1] + l[2] * l[2]);
    }

    /// <summary>The acceleration of a block on an inclined plane with kinetic friction, sin and cos from an out-parameter helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("helpers", "math", "no-derivative")]
    [At(0.5, 0.2, 9.81), At(1.0, 0.45, 9.81)]
    public static double InclinedPlaneAcceleration(double angle, double friction, [NoDerivative] double g)
    {
        PhysicsHelpers.SinCos(angle, out var s, out var c);
        return g * (s - friction * c);
    }

    /// <summary>The apparent (Coriolis plus centrifugal) acceleration in a rotating frame, ω × (ω × r) + 2 ω × v, by cross-product helpers.</summary>
    [Differentiable(PushforwardN = true), Constructs("helpers", "buffers", "spans", "views")]
    [At(new[] { 0.0, 0.0, 0.7 }, new[] { 1.0, 0.5, 0.2, 0.3, -0.4, 0.1 }), At(new[] { 0.2, -0.1, 1.0 }, new[] { 2.0, 0.0, 1.0, 0.0, 1.0, 0.5 })]
    public static double RotatingFrameAcceleration(ReadOnlySpan<double> omega, ReadOnlySpan<double> state)
    {
        Span<double> wr = stackalloc double[3];
        Span<double> centrifugal = stackalloc double[3];
        Span<double> coriolis = stackalloc double[3];
        PhysicsHelpers.Cross(omega, state.Slice(0, 3), wr);
        PhysicsHelpers.Cross(omega, wr, centrifugal);
        PhysicsHelpers.Cross(omega, state.Slice(3, 3), coriolis);
        double a = 0;
        for (int i = 0; i < 3; i++)
        {
            double ai = -centrifugal[i] - 2 * coriolis[i];
            a += ai * ai;
        }

        return a;
    }

    /// <summary>A harmonic oscillator by symplectic Euler written as one tuple assignment per step.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "tuples", "no-derivative")]
    [At(1.0, 0.0, 2.0, 0.05, 40), At(-0.5, 1.5, 3.0, 0.02, 50)]
    public static double TupleOscillator(double x0, double v0, double omega, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        double x = x0, v = v0;
        for (int i = 0; i < steps; i++)
        {
            (x, v) = (x + v * dt, v - omega * omega * (x + v * dt) * dt);
        }

        return x + 0.5 * v;
    }

    /// <summary>A dragged projectile stepped until it lands, the landing point interpolated linearly between the last two steps.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "branches", "math", "no-derivative")]
    [At(20.0, 0.7, 0.01, 0.013), At(10.0, 0.4, 0.03, 0.017)]
    public static double ProjectileLandingDistance(double speed, double angle, double drag, [NoDerivative] double dt)
    {
        double x = 0, y = 0;
        double vx = speed * Math.Cos(angle), vy = speed * Math.Sin(angle);
        for (int i = 0; i < 5000; i++)
        {
            double v = Math.Sqrt(vx * vx + vy * vy);
            double nx = x + vx * dt, ny = y + vy * dt;
            vx -= drag * v * vx * dt;
            vy -= (9.81 + drag * v * vy) * dt;
            if (ny < 0)
            {
                return x + (nx - x) * y / (y - ny);
            }

            x = nx;
            y = ny;
        }

        return x;
    }

    /// <summary>A mass on a spring stepped between two buffers by a static local function that writes the next state span.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "local-functions", "buffers", "spans", "no-derivative")]
    [At(new[] { 1.0, 0.0 }, 4.0, 0.05, 30), At(new[] { 0.2, -0.8 }, 9.0, 0.02, 40)]
    public static double PingPongSpring(ReadOnlySpan<double> initial, double stiffness, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        Span<double> a = stackalloc double[2];
        Span<double> b = stackalloc double[2];
        a[0] = initial[0];
        a[1] = initial[1];
        for (int i = 0; i < steps; i++)
        {
            Step(a, b, dt, stiffness);
            Step(b, a, dt, stiffness);
        }

        return a[0] * a[0] + a[1];

        static void Step(ReadOnlySpan<double> state, Span<double> next, double h, double k)
        {
            next[1] = state[1] - k * state[0] * h;
            next[0] = state[0] + next[1] * h;
        }
    }

    /// <summary>A 2-D point rotated twice in place through element ref arguments of a collection-expression buffer.</summary>
    [Differentiable(PushforwardN = true), Constructs("helpers", "buffers", "views", "math")]
    [At(1.0, 0.5, 0.3, -0.8), At(-0.4, 2.0, 1.1, 0.6)]
    public static double RotateElementsInPlace(double px, double py, double a1, double a2)
    {
        Span<double> p = [px, py];
        PhysicsHelpers.Rotate(a1, ref p[0], ref p[1]);
        PhysicsHelpers.Rotate(a2, ref p[0], ref p[^1]);
        return p[0] + 3 * p[^1];
    }

    /// <summary>The kinetic energy of particles with single-precision velocities (vx, vy pairs).</summary>
    [Differentiable(PushforwardN = true), Constructs("float", "spans", "loops", "math")]
    [At(new[] { 1.0, 0.5, -0.3, 0.8 }, 2.0), At(new[] { 0.2, 0.1 }, 0.5)]
    public static float ParticleSpeedsF(ReadOnlySpan<float> velocities, float mass)
    {
        float e = 0f;
        for (int i = 0; i + 1 < velocities.Length; i += 2)
        {
            float speed = MathF.Sqrt(velocities[i] * velocities[i] + velocities[i + 1] * velocities[i + 1]);
            e += 0.5f * mass * speed * speed + 0.1f * speed;
        }

        return e;
    }

    /// <summary>The thermal resistance of a layered wall whose layers cycle through three materials, a switch with continue in the loop.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "switch", "spans")]
    [At(new[] { 0.1, 0.05, 0.2, 0.02, 0.08 }, 0.8, 0.04, 200.0), At(new[] { 0.3, 0.1 }, 1.2, 0.03, 150.0)]
    public static double LayeredWallResistance(ReadOnlySpan<double> thickness, double brick, double insulation, double steel)
    {
        double r = 0;
        for (int i = 0; i < thickness.Length; i++)
        {
            switch (i % 3)
            {
                case 0:
                    r += thickness[i] / brick;
                    continue;
                case 1:
                    r += thickness[i] / insulation;
                    break;
                default:
                    r += thickness[i] / steel;
                    break;
            }

            r += 0.01;
        }

        return r;
    }

    /// <summary>A 2-link arm's end point through a helper that itself calls the SinCos helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("helpers", "math")]
    [At(0.4, 0.9, 1.0, 0.7), At(-0.6, 1.3, 0.5, 1.1)]
    public static double NestedHelperArm(double theta1, double theta2, double l1, double l2)
    {
        double x = l2, y = 0;
        PhysicsHelpers.RotateViaSinCos(theta2, ref x, ref y);
        x += l1;
        PhysicsHelpers.RotateViaSinCos(theta1, ref x, ref y);
        return x * y;
    }

    /// <summary>A long pendulum integration with checkpointing (segments recomputed in the reverse sweep).</summary>
    [Differentiable(PushforwardN = true), Checkpoint, Constructs("loops", "math", "no-derivative")]
    [At(0.8, 0.2, 1.0, 0.01, 200)]
    public static double CheckpointedPendulum(double theta0, double omega0, double length, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        double theta = theta0, omega = omega0;
        for (int i = 0; i < steps; i++)
        {
            omega -= 9.81 / length * Math.Sin(theta) * dt;
            theta += omega * dt;
        }

        return theta * omega;
    }

    /// <summary>The bending energy of a discretized beam: second differences of the interior through a view of a view.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views")]
    [At(new[] { 0.0, 0.1, 0.35, 0.5, 0.55, 0.4 }, 2.0), At(new[] { 1.0, 0.2, -0.3, 0.4 }, 0.5)]
    public static double BeamBendingEnergy(ReadOnlySpan<double> deflection, double rigidity)
    {
        ReadOnlySpan<double> tail = deflection[1..];
        ReadOnlySpan<double> interior = tail[..^1];
        double e = 0;
        for (int i = 0; i < interior.Length; i++)
        {
            double curvature = deflection[i] - 2 * interior[i] + tail[i + 1];
            e += 0.5 * rigidity * curvature * curvature;
        }

        return e + deflection.Slice(2)[0];
    }

    /// <summary>A penalty contact force between two discs: clamped penetration, Hypot distance and a fused multiply-add.</summary>
    [Differentiable(PushforwardN = true), Constructs("math", "no-derivative")]
    [At(0.3, 0.4, 0.6, 100.0, 2.0), At(1.0, -0.2, 1.2, 50.0, 2.0)]
    public static double DiscContactForce(double dx, double dy, double radiusSum, double stiffness, [NoDerivative] double exponent)
    {
        double dist = double.Hypot(dx, dy);
        double penetration = Math.Clamp(radiusSum - dist, 0, 0.5);
        return Math.FusedMultiplyAdd(stiffness, Math.Pow(penetration, exponent), 0.1 * dist);
    }

    /// <summary>The spring energy of a chain without its anchored first mass plus a stiffer sub-chain, the chain method called on views.</summary>
    [Differentiable(PushforwardN = true), Constructs("calls", "views", "spans")]
    [At(new[] { 0.0, 1.1, 1.9, 3.2, 4.0 }, 3.0)]
    public static double SubChainEnergies(ReadOnlySpan<double> positions, double stiffness) =>
        SpringChainEnergy(positions[1..], stiffness, 1.0) + SpringChainEnergy(positions.Slice(0, 3), 2 * stiffness, 0.9);
}
