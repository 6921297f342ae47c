namespace SymDiff.Consumer.Tests.Corpus.Realistic;

/// <summary>Physics and kinematics as users write it: projectiles, oscillators, integrators, linkages, optics, heat.</summary>
public static partial class Physics
{
    /// <summary>The range of a projectile over flat ground, launched at speed v₀ and elevation θ.</summary>
    [Differentiable(PushforwardN = true), Constructs("math", "no-derivative")]
    [At(20.0, 0.6, 9.81), At(7.5, 1.1, 9.81)]
    public static double ProjectileRange(double speed, double angle, [NoDerivative] double g) =>
        speed * speed * Math.Sin(2 * angle) / g;

    /// <summary>The height of a projectile when it reaches a wall at horizontal distance d (no drag).</summary>
    [Differentiable(PushforwardN = true), Constructs("math", "tuples", "no-derivative")]
    [At(15.0, 0.7, 12.0, 9.81), At(30.0, 0.3, 40.0, 9.81)]
    public static double ProjectileHeightAtWall(double speed, double angle, double distance, [NoDerivative] double g)
    {
        var (c, s) = (Math.Cos(angle), Math.Sin(angle));
        double t = distance / (speed * c);
        return speed * s * t - 0.5 * g * t * t;
    }

    /// <summary>Projectile with quadratic air drag integrated by explicit Euler; returns the horizontal distance after n steps.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "math", "no-derivative")]
    [At(25.0, 0.8, 0.02, 0.05, 30), At(12.0, 0.5, 0.1, 0.02, 40)]
    public static double ProjectileWithDrag(double speed, double angle, double dragCoefficient, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        double x = 0, y = 0;
        double vx = speed * Math.Cos(angle);
        double vy = speed * Math.Sin(angle);
        const double g = 9.81;
        for (int i = 0; i < steps; i++)
        {
            double v = Math.Sqrt(vx * vx + vy * vy);
            double ax = -dragCoefficient * v * vx;
            double ay = -g - dragCoefficient * v * vy;
            x += vx * dt;
            y += vy * dt;
            vx += ax * dt;
            vy += ay * dt;
        }

        return x + 0.1 * y;
    }

    /// <summary>The total mechanical energy of a spring–mass system.</summary>
    [Differentiable(PushforwardN = true), Constructs("math")]
    [At(40.0, 2.0, 0.3, -1.2), At(5.0, 0.5, -0.8, 2.0)]
    public static double SpringMassEnergy(double stiffness, double mass, double displacement, double velocity) =>
        0.5 * stiffness * displacement * displacement + 0.5 * mass * velocity * velocity;

    /// <summary>A simple pendulum by semi-implicit (symplectic) Euler; returns the final angle plus a fraction of the angular velocity.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "math", "no-derivative")]
    [At(0.4, 0.0, 1.5, 9.81, 0.01, 50), At(1.2, 0.5, 0.8, 9.81, 0.02, 40)]
    public static double PendulumSemiImplicit(double theta0, double omega0, double length, [NoDerivative] double g, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        double theta = theta0, omega = omega0;
        for (int i = 0; i < steps; i++)
        {
            omega -= g / length * Math.Sin(theta) * dt;
            theta += omega * dt;
        }

        return theta + 0.25 * omega;
    }

    /// <summary>A damped pendulum by classic RK4 through a helper that returns the derivatives as out parameters.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "math", "helpers", "no-derivative")]
    [At(0.6, 0.1, 1.2, 0.3, 0.02, 30), At(-0.9, 0.4, 2.0, 0.1, 0.05, 20)]
    public static double PendulumRk4(double theta0, double omega0, double length, double damping, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        double theta = theta0, omega = omega0;
        double k = 9.81 / length;
        for (int i = 0; i < steps; i++)
        {
            PhysicsHelpers.PendulumDerivatives(theta, omega, k, damping, out double a1, out double b1);
            PhysicsHelpers.PendulumDerivatives(theta + 0.5 * dt * a1, omega + 0.5 * dt * b1, k, damping, out double a2, out double b2);
            PhysicsHelpers.PendulumDerivatives(theta + 0.5 * dt * a2, omega + 0.5 * dt * b2, k, damping, out double a3, out double b3);
            PhysicsHelpers.PendulumDerivatives(theta + dt * a3, omega + dt * b3, k, damping, out double a4, out double b4);
            theta += dt / 6 * (a1 + 2 * a2 + 2 * a3 + a4);
            omega += dt / 6 * (b1 + 2 * b2 + 2 * b3 + b4);
        }

        return theta * theta + omega;
    }

    /// <summary>A two-body orbit by velocity Verlet on a state span (x, y, vx, vy); returns the final specific energy.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "math", "no-derivative")]
    [At(new[] { 1.0, 0.0, 0.0, 1.1 }, 1.0, 0.01, 40), At(new[] { 0.8, 0.3, -0.3, 1.2 }, 1.2, 0.02, 25)]
    public static double OrbitVerletEnergy(ReadOnlySpan<double> state, [NoDerivative] double mu, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        Span<double> p = stackalloc double[2];
        Span<double> v = stackalloc double[2];
        Span<double> a = stackalloc double[2];
        p[0] = state[0];
        p[1] = state[1];
        v[0] = state[2];
        v[1] = state[3];
        double r = Math.Sqrt(p[0] * p[0] + p[1] * p[1]);
        a[0] = -mu * p[0] / (r * r * r);
        a[1] = -mu * p[1] / (r * r * r);
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < 2; i++)
            {
                v[i] += 0.5 * dt * a[i];
                p[i] += dt * v[i];
            }

            r = Math.Sqrt(p[0] * p[0] + p[1] * p[1]);
            for (int i = 0; i < 2; i++)
            {
                a[i] = -mu * p[i] / (r * r * r);
                v[i] += 0.5 * dt * a[i];
            }
        }

        return 0.5 * (v[0] * v[0] + v[1] * v[1]) - mu / r;
    }

    /// <summary>The squared distance from a two-link planar arm's end effector to a target.</summary>
    [Differentiable(PushforwardN = true), Constructs("math", "tuples", "no-derivative")]
    [At(1.0, 0.7, 0.4, 0.9, 1.2, 0.8), At(0.5, 0.5, -0.3, 1.4, 0.2, 0.6)]
    public static double TwoLinkReachError(double l1, double l2, double theta1, double theta2, [NoDerivative] double targetX, [NoDerivative] double targetY)
    {
        var (c1, s1) = (Math.Cos(theta1), Math.Sin(theta1));
        var (c12, s12) = (Math.Cos(theta1 + theta2), Math.Sin(theta1 + theta2));
        double x = l1 * c1 + l2 * c12;
        double y = l1 * s1 + l2 * s12;
        double dx = x - targetX, dy = y - targetY;
        return dx * dx + dy * dy;
    }

    /// <summary>Forward kinematics of an n-link planar arm (cumulative joint angles); the squared error to a target.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math", "no-derivative")]
    [At(new[] { 1.0, 0.8, 0.5 }, new[] { 0.3, 0.4, -0.2 }, 1.5, 1.0), At(new[] { 0.6, 0.6 }, new[] { 1.0, -0.5 }, 0.4, 0.9)]
    public static double PlanarArmError(ReadOnlySpan<double> lengths, ReadOnlySpan<double> angles, [NoDerivative] double targetX, [NoDerivative] double targetY)
    {
        double x = 0, y = 0, phi = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            phi += angles[i];
            x += lengths[i] * Math.Cos(phi);
            y += lengths[i] * Math.Sin(phi);
        }

        return (x - targetX) * (x - targetX) + (y - targetY) * (y - targetY);
    }

    /// <summary>A three-link arm built by rotating link vectors in place with a ref helper; returns the end-effector distance from the base.</summary>
    [Differentiable(PushforwardN = true), Constructs("helpers", "math")]
    [At(0.3, 0.5, -0.4, 1.0, 0.8, 0.6), At(1.0, -0.7, 0.9, 0.5, 1.5, 0.4)]
    public static double ThreeLinkReach(double q1, double q2, double q3, double l1, double l2, double l3)
    {
        // Build from the tip back: the third link rotated by q3, then offset by the second link and rotated by q2, …
        double x = l3, y = 0;
        PhysicsHelpers.Rotate(q3, ref x, ref y);
        x += l2;
        PhysicsHelpers.Rotate(q2, ref x, ref y);
        x += l1;
        PhysicsHelpers.Rotate(q1, ref x, ref y);
        return Math.Sqrt(x * x + y * y);
    }

    /// <summary>The x-coordinate of a 3-vector rotated by a (normalized) quaternion, via q v q*, products on spans.</summary>
    [Differentiable(PushforwardN = true), Constructs("helpers", "spans", "buffers", "math")]
    [At(new[] { 0.9, 0.1, 0.3, -0.2 }, new[] { 1.0, 0.5, -0.4 }), At(new[] { 0.5, -0.5, 0.4, 0.6 }, new[] { 0.2, 1.1, 0.7 })]
    public static double QuaternionRotateX(ReadOnlySpan<double> q, ReadOnlySpan<double> v)
    {
        Span<double> u = stackalloc double[4];
        double norm = Math.Sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        for (int i = 0; i < 4; i++)
        {
            u[i] = q[i] / norm;
        }

        Span<double> pure = stackalloc double[] { 0, v[0], v[1], v[2] };
        Span<double> conj = stackalloc double[] { u[0], -u[1], -u[2], -u[3] };
        Span<double> tmp = stackalloc double[4];
        Span<double> result = stackalloc double[4];
        PhysicsHelpers.QuatMul(u, pure, tmp);
        PhysicsHelpers.QuatMul(tmp, conj, result);
        return result[1] + 0.5 * result[3];
    }

    /// <summary>The kinetic energy of a rigid body: translational plus rotational with a diagonal inertia tensor.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans")]
    [At(2.0, new[] { 0.5, -1.0, 0.3 }, new[] { 0.2, 0.3, 0.4 }, new[] { 1.0, 2.0, -0.5 })]
    public static double RigidBodyKineticEnergy(double mass, ReadOnlySpan<double> velocity, ReadOnlySpan<double> inertia, ReadOnlySpan<double> omega)
    {
        double e = 0;
        for (int i = 0; i < 3; i++)
        {
            e += 0.5 * mass * velocity[i] * velocity[i] + 0.5 * inertia[i] * omega[i] * omega[i];
        }

        return e;
    }

    /// <summary>The thin-lens image distance and magnification, as a single score; real or virtual image by branch.</summary>
    [Differentiable(PushforwardN = true), Constructs("branches")]
    [At(0.1, 0.35), At(0.2, 0.12)]
    public static double ThinLensImage(double focalLength, double objectDistance)
    {
        double inv = 1 / focalLength - 1 / objectDistance;
        double image = 1 / inv;
        double magnification = -image / objectDistance;
        if (objectDistance > focalLength)
        {
            return image + magnification;     // real, inverted image
        }

        return -image + 2 * magnification;     // virtual image on the object's side
    }

    /// <summary>The refraction angle by Snell's law, or a reflectance penalty under total internal reflection.</summary>
    [Differentiable(PushforwardN = true), Constructs("branches", "math")]
    [At(1.0, 1.5, 0.6), At(1.5, 1.0, 1.2)]
    public static double SnellRefraction(double n1, double n2, double incidence)
    {
        double s = n1 / n2 * Math.Sin(incidence);
        if (s < 1)
        {
            return Math.Asin(s);
        }

        return Math.PI / 2 + (s - 1) * (s - 1);
    }

    /// <summary>The Fresnel reflectance for s-polarized light at an interface.</summary>
    [Differentiable(PushforwardN = true), Constructs("math")]
    [At(1.0, 1.5, 0.5), At(1.33, 1.0, 0.3)]
    public static double FresnelReflectanceS(double n1, double n2, double incidence)
    {
        double cosI = Math.Cos(incidence);
        double sinT = n1 / n2 * Math.Sin(incidence);
        double cosT = Math.Sqrt(1 - sinT * sinT);
        double r = (n1 * cosI - n2 * cosT) / (n1 * cosI + n2 * cosT);
        return r * r;
    }

    /// <summary>The work done by an ideal gas in an isothermal expansion, W = nRT ln(V₂/V₁).</summary>
    [Differentiable(PushforwardN = true), Constructs("math", "no-derivative")]
    [At(2.0, 300.0, 0.01, 0.03, 8.314)]
    public static double IsothermalWork(double moles, double temperature, double v1, double v2, [NoDerivative] double gasConstant) =>
        moles * gasConstant * temperature * Math.Log(v2 / v1);

    /// <summary>The efficiency of an ideal heat-engine cycle chosen by kind: Carnot, Otto, Diesel or Brayton.</summary>
    [Differentiable(PushforwardN = true), Constructs("switch", "math", "no-derivative")]
    [At(0, 300.0, 800.0, 8.0, 1.4, 2.0), At(1, 300.0, 800.0, 8.0, 1.4, 2.0), At(2, 300.0, 800.0, 18.0, 1.4, 2.0), At(3, 300.0, 800.0, 10.0, 1.4, 2.0)]
    public static double CycleEfficiency([NoDerivative] int kind, double coldTemperature, double hotTemperature, double ratio, double gamma, double cutoff)
    {
        switch (kind)
        {
            case 0:
                return 1 - coldTemperature / hotTemperature;
            case 1:
                return 1 - Math.Pow(ratio, 1 - gamma);
            case 2:
                return 1 - Math.Pow(ratio, 1 - gamma) * (Math.Pow(cutoff, gamma) - 1) / (gamma * (cutoff - 1));
            default:
                return 1 - Math.Pow(ratio, (1 - gamma) / gamma);
        }
    }

    /// <summary>Relativistic velocity addition, (u + v)/(1 + uv/c²).</summary>
    [Differentiable(PushforwardN = true), Constructs("math", "no-derivative")]
    [At(0.5, 0.6, 1.0), At(-0.3, 0.9, 1.0)]
    public static double VelocityAddition(double u, double v, [NoDerivative] double c) => (u + v) / (1 + u * v / (c * c));

    /// <summary>The relativistic kinetic energy (γ − 1)mc².</summary>
    [Differentiable(PushforwardN = true), Constructs("math", "no-derivative")]
    [At(1.5, 0.6, 1.0), At(0.2, 0.95, 1.0)]
    public static double RelativisticKineticEnergy(double mass, double speed, [NoDerivative] double c)
    {
        double beta = speed / c;
        double gamma = 1 / Math.Sqrt(1 - beta * beta);
        return (gamma - 1) * mass * c * c;
    }

    /// <summary>The rapidity-based composition of three boosts, returning the final speed.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "math")]
    [At(new[] { 0.3, 0.5, -0.2 }), At(new[] { 0.7, 0.1 })]
    public static double ComposeBoosts(ReadOnlySpan<double> speeds)
    {
        double rapidity = 0;
        foreach (var v in speeds)
        {
            rapidity += Math.Atanh(v);
        }

        return Math.Tanh(rapidity);
    }

    /// <summary>The closed-form displacement of a damped harmonic oscillator: under-, critically or over-damped.</summary>
    [Differentiable(PushforwardN = true), Constructs("branches", "math")]
    [At(1.0, 0.0, 0.2, 3.0, 1.5), At(0.5, 1.0, 1.8, 2.0, 0.7)]
    public static double DampedOscillatorDisplacement(double x0, double v0, double zeta, double omega, double t)
    {
        if (zeta < 1)
        {
            double wd = omega * Math.Sqrt(1 - zeta * zeta);
            double a = x0;
            double b = (v0 + zeta * omega * x0) / wd;
            return Math.Exp(-zeta * omega * t) * (a * Math.Cos(wd * t) + b * Math.Sin(wd * t));
        }
        else
        {
            double root = omega * Math.Sqrt(zeta * zeta - 1);
            double r1 = -zeta * omega + root;
            double r2 = -zeta * omega - root;
            double c2 = (v0 - r1 * x0) / (r2 - r1);
            double c1 = x0 - c2;
            return c1 * Math.Exp(r1 * t) + c2 * Math.Exp(r2 * t);
        }
    }

    /// <summary>A damped, driven oscillator stepped by a static local function with ref state; returns x² + v² at the end.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "local-functions", "math", "no-derivative")]
    [At(1.0, 0.0, 4.0, 0.3, 0.5, 0.02, 40), At(-0.4, 0.8, 9.0, 0.1, 1.2, 0.01, 50)]
    public static double DrivenOscillator(double x0, double v0, double stiffness, double damping, double drive, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        double x = x0, v = v0;
        for (int i = 0; i < steps; i++)
        {
            Step(ref x, ref v, i * dt, stiffness, damping, drive, dt);
        }

        return x * x + v * v;

        static void Step(ref double x, ref double v, double t, double k, double c, double f, double h)
        {
            double a = -k * x - c * v + f * Math.Cos(1.3 * t);
            v += a * h;
            x += v * h;
        }
    }

    /// <summary>The terminal velocity of a falling sphere with quadratic drag, √(2mg / (ρ C_d A)).</summary>
    [Differentiable(PushforwardN = true), Constructs("math", "no-derivative")]
    [At(0.1, 0.47, 0.05, 1.225, 9.81)]
    public static double TerminalVelocity(double mass, double dragCoefficient, double radius, [NoDerivative] double airDensity, [NoDerivative] double g)
    {
        double area = Math.PI * radius * radius;
        return Math.Sqrt(2 * mass * g / (airDensity * dragCoefficient * area));
    }

    /// <summary>A spring–damper system by RK4 on a 2-element state, with a helper writing the derivative span.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "helpers", "no-derivative")]
    [At(new[] { 1.0, 0.0 }, 5.0, 0.4, 0.05, 20), At(new[] { -0.3, 1.2 }, 2.0, 0.1, 0.1, 15)]
    public static double SpringDamperRk4(ReadOnlySpan<double> initial, double stiffness, double damping, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        Span<double> s = stackalloc double[2];
        Span<double> tmp = stackalloc double[2];
        Span<double> k1 = stackalloc double[2];
        Span<double> k2 = stackalloc double[2];
        Span<double> k3 = stackalloc double[2];
        Span<double> k4 = stackalloc double[2];
        s[0] = initial[0];
        s[1] = initial[1];
        for (int n = 0; n < steps; n++)
        {
            PhysicsHelpers.SpringDerivative(s, k1, stiffness, damping);
            for (int i = 0; i < 2; i++) tmp[i] = s[i] + 0.5 * dt * k1[i];
            PhysicsHelpers.SpringDerivative(tmp, k2, stiffness, damping);
            for (int i = 0; i < 2; i++) tmp[i] = s[i] + 0.5 * dt * k2[i];
            PhysicsHelpers.SpringDerivative(tmp, k3, stiffness, damping);
            for (int i = 0; i < 2; i++) tmp[i] = s[i] + dt * k3[i];
            PhysicsHelpers.SpringDerivative(tmp, k4, stiffness, damping);
            for (int i = 0; i < 2; i++) s[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }

        return 0.5 * stiffness * s[0] * s[0] + 0.5 * s[1] * s[1];
    }

    /// <summary>The potential energy of a chain of masses joined by springs, with the neighbour read through views.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views")]
    [At(new[] { 0.0, 1.1, 1.9, 3.2, 4.0 }, 3.0, 1.0), At(new[] { 0.2, 0.9, 2.1 }, 1.5, 0.8)]
    public static double SpringChainEnergy(ReadOnlySpan<double> positions, double stiffness, [NoDerivative] double restLength)
    {
        ReadOnlySpan<double> left = positions[..^1];
        ReadOnlySpan<double> right = positions[1..];
        double e = 0;
        for (int i = 0; i < left.Length; i++)
        {
            double stretch = right[i] - left[i] - restLength;
            e += 0.5 * stiffness * stretch * stretch;
        }

        return e;
    }

    /// <summary>The total energy of a 1-D lattice with fixed ends: first and last masses tied to walls, read with ^1.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views")]
    [At(new[] { 0.1, -0.2, 0.3, 0.05 }, new[] { 0.5, 0.0, -0.3, 0.2 }, 2.0, 1.5)]
    public static double LatticeEnergy(ReadOnlySpan<double> displacement, ReadOnlySpan<double> velocity, double stiffness, double mass)
    {
        double kinetic = 0;
        foreach (var v in velocity)
        {
            kinetic += 0.5 * mass * v * v;
        }

        double potential = 0.5 * stiffness * (displacement[0] * displacement[0] + displacement[^1] * displacement[^1]);
        for (int i = 1; i < displacement.Length; i++)
        {
            double d = displacement[i] - displacement[i - 1];
            potential += 0.5 * stiffness * d * d;
        }

        return kinetic + potential;
    }

    /// <summary>Free fall with linear drag by explicit Euler, counting down the steps in the loop condition.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "embedded-assignments", "no-derivative")]
    [At(100.0, 0.0, 0.2, 0.05, 30), At(50.0, 5.0, 0.5, 0.1, 20)]
    public static double FallingHeight(double height, double velocity, double drag, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        double h = height, v = velocity;
        int n = steps;
        while (n-- > 0)
        {
            v += (-9.81 - drag * v) * dt;
            h += v * dt;
        }

        return h;
    }

    /// <summary>The work done by a variable force along sampled positions, by the trapezoid rule with s += … [i++].</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "embedded-assignments")]
    [At(new[] { 1.0, 1.5, 2.5, 2.0, 0.5 }, 0.1)]
    public static double TrapezoidWork(ReadOnlySpan<double> force, double dx)
    {
        double sum = 0.5 * (force[0] + force[^1]);
        int i = 1;
        while (i < force.Length - 1)
        {
            sum += force[i++];
        }

        return sum * dx;
    }

    /// <summary>The period of a pendulum at large amplitude, by the series in sin²(θ₀/2), scaled by the spring energy at that swing.</summary>
    [Differentiable(PushforwardN = true), Constructs("calls", "math", "no-derivative")]
    [At(1.2, 0.5, 9.81), At(0.8, 1.1, 9.81)]
    public static double PendulumPeriodEnergy(double length, double amplitude, [NoDerivative] double g)
    {
        double k = Math.Sin(amplitude / 2);
        double t0 = 2 * Math.PI * Math.Sqrt(length / g);
        double period = t0 * (1 + k * k / 4 + 9 * k * k * k * k / 64);
        return period + SpringMassEnergy(g / length, 1.0, length * amplitude, 0.1 * period);
    }

    /// <summary>The speed of a point on a rolling wheel, rotated into the ground frame with a tuple of cos/sin.</summary>
    [Differentiable(PushforwardN = true), Constructs("math", "tuples")]
    [At(0.4, 2.0, 0.7, 0.3), At(0.25, 5.0, 2.0, 0.2)]
    public static double RollingWheelPointSpeed(double radius, double omega, double angle, double offset)
    {
        var (c, s) = (Math.Cos(angle), Math.Sin(angle));
        double r = radius - offset;
        double vx = omega * radius - omega * r * c;
        double vy = omega * r * s;
        return Math.Sqrt(vx * vx + vy * vy);
    }

    /// <summary>A float spring energy with a damping term, for single-precision physics engines.</summary>
    [Differentiable(PushforwardN = true), Constructs("float", "math")]
    [At(10.0, 0.5, 0.2, 1.5), At(3.0, -0.4, 0.6, 0.8)]
    public static float DampedSpringPowerF(float stiffness, float x, float damping, float velocity)
    {
        float energy = 0.5f * stiffness * x * x;
        float decay = MathF.Exp(-damping * velocity * velocity);
        return energy * decay + damping * velocity;
    }

    /// <summary>The true anomaly from the mean anomaly, solving Kepler's equation E − e sin E = M by fixed Newton steps.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "math")]
    [At(1.0, 0.3), At(2.5, 0.6)]
    public static double KeplerTrueAnomaly(double meanAnomaly, double eccentricity)
    {
        double e = meanAnomaly;
        for (int i = 0; i < 10; i++)
        {
            e -= (e - eccentricity * Math.Sin(e) - meanAnomaly) / (1 - eccentricity * Math.Cos(e));
        }

        return 2 * Math.Atan2(Math.Sqrt(1 + eccentricity) * Math.Sin(e / 2), Math.Sqrt(1 - eccentricity) * Math.Cos(e / 2));
    }

    /// <summary>A two-body orbit by RK4, the four stages kept in one buffer and written through slices by a helper.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "buffers", "views", "helpers", "math", "no-derivative")]
    [At(new[] { 1.0, 0.0, 0.0, 1.1 }, 1.0, 0.05, 20), At(new[] { 0.9, 0.2, -0.2, 1.0 }, 1.1, 0.1, 10)]
    public static double OrbitRk4Radius(ReadOnlySpan<double> state, [NoDerivative] double mu, [NoDerivative] double dt, [NoDerivative] int steps)
    {
        Span<double> s = stackalloc double[4];
        Span<double> k = stackalloc double[16];
        Span<double> tmp = stackalloc double[4];
        for (int i = 0; i < 4; i++) s[i] = state[i];
        for (int n = 0; n < steps; n++)
        {
            PhysicsHelpers.KeplerDerivative(s, k.Slice(0, 4), mu);
            for (int i = 0; i < 4; i++) tmp[i] = s[i] + 0.5 * dt * k[i];
            PhysicsHelpers.KeplerDerivative(tmp, k.Slice(4, 4), mu);
            for (int i = 0; i < 4; i++) tmp[i] = s[i] + 0.5 * dt * k[4 + i];
            PhysicsHelpers.KeplerDerivative(tmp, k.Slice(8, 4), mu);
            for (int i = 0; i < 4; i++) tmp[i] = s[i] + dt * k[8 + i];
            PhysicsHelpers.KeplerDerivative(tmp, k[12..], mu);
            for (int i = 0; i < 4; i++) s[i] += dt / 6 * (k[i] + 2 * k[4 + i] + 2 * k[8 + i] + k[12 + i]);
        }

        return Math.Sqrt(s[0] * s[0] + s[1] * s[1]);
    }

    /// <summary>The softened gravitational potential energy of point masses in the plane, positions read as 2-element slices.</summary>
    [Differentiable(PushforwardN = true), Constructs("loops", "spans", "views", "math", "no-derivative")]
    [At(new[] { 0.0, 0.0, 1.0, 0.2, -0.4, 0.9 }, new[] { 1.0, 0.5, 2.0 }, 0.05), At(new[] { 0.3, -0.2, 1.5, 1.1 }, new[] { 3.0, 1.2 }, 0.1)]
    public static double NBodyPotential(ReadOnlySpan<double> positions, ReadOnlySpan<double> masses, [NoDerivative] double softening)
    {
        double u = 0;
        for (int i = 0; i < masses.Length; i++)
        {
            ReadOnlySpan<double> pi = positions.Slice(2 * i, 2);
            for (int j = i + 1; j < masses.Length; j++)
            {
                ReadOnlySpan<double> pj = positions.Slice(2 * j, 2);
                double dx = pi[0] - pj[0], dy = pi[1] - pj[1];
                u -= masses[i] * masses[j] / Math.Sqrt(dx * dx + dy * dy + softening * softening);
            }
        }

        return u;
    }

    /// <summary>The centre-of-mass velocity and position of particles from a packed state (positions, then velocities).</summary>
    [Differentiable(PushforwardN = true), Constructs("spans", "views", "helpers", "loops")]
    [At(new[] { 1.0, 2.0, 0.5 }, new[] { 0.1, 0.5, -0.3, 1.0, -0.5, 2.0 }), At(new[] { 0.3, 0.7 }, new[] { 1.0, 2.0, 0.4, -0.6 })]
    public static double CenterOfMassMotion(ReadOnlySpan<double> masses, ReadOnlySpan<double> state)
    {
        int n = masses.Length;
        double total = 0;
        foreach (var m in masses)
        {
            total += m;
        }

        double position = PhysicsHelpers.Dot(masses, state[..n]) / total;
        double velocity = PhysicsHelpers.Dot(masses, state[n..]) / total;
        return position + velocity * velocity;
    }

    /// <summary>A vector rotated by a ZYX Euler-angle matrix built in an array by a helper, then multiplied by another.</summary>
    [Differentiable(PushforwardN = true), Constructs("helpers", "buffers", "spans", "math")]
    [At(0.3, -0.2, 0.5, new[] { 1.0, 0.5, -0.4 }), At(1.2, 0.4, -0.7, new[] { 0.2, -1.0, 0.8 })]
    public static double EulerRotateComponent(double yaw, double pitch, double roll, ReadOnlySpan<double> v)
    {
        double[] m = new double[9];
        PhysicsHelpers.EulerZyx(yaw, pitch, roll, m);
        Span<double> r = stackalloc double[3];
        PhysicsHelpers.MatVec3(m, v, r);
        return r[0] + 2 * r[2];
    }
}
