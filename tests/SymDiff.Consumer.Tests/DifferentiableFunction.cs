using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// A <c>[Differentiable]</c> method together with its generated <c>Gradient</c>, <c>Pullback</c> and <c>Pushforward</c>,
/// found by the generator's naming convention, and the points to test it at. Arguments are passed as doubles and
/// converted to each parameter's type (float, int, bool), so one table drives every signature.
/// </summary>
public sealed class DifferentiableFunction
{
    private const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;

    private DifferentiableFunction(Type type, string name, double[][] points)
    {
        Name = $"{type.Name}.{name}";
        Primal = Find(type, name);
        Parameters = Primal.GetParameters();
        Differentiable = Enumerable.Range(0, Parameters.Length).Where(i => IsDifferentiable(Parameters[i])).ToArray();
        IsFloat = Primal.ReturnType == typeof(float);
        Gradient = Find(type, name + "Gradient");
        Pullback = Find(type, name + "Pullback");
        Pushforward = Find(type, name + "Pushforward");
        Points = points;
    }

    public string Name { get; }

    public MethodInfo Primal { get; }

    public MethodInfo Gradient { get; }

    public MethodInfo Pullback { get; }

    public MethodInfo Pushforward { get; }

    public ParameterInfo[] Parameters { get; }

    /// <summary>Indices of the differentiable parameters (real and not <c>[NoDerivative]</c>).</summary>
    public int[] Differentiable { get; }

    public bool IsFloat { get; }

    /// <summary>Finite-difference tolerance for this function's precision.</summary>
    public double Tolerance => IsFloat ? FiniteDifference.FloatTolerance : FiniteDifference.DoubleTolerance;

    /// <summary>Tolerance for identities that hold up to rounding (pullback = seed·gradient, JVP = gradient·tangent).</summary>
    public double RoundingTolerance => IsFloat ? 1e-5 : 1e-12;

    /// <summary>Each point lists every argument of the primal, differentiable or not.</summary>
    public double[][] Points { get; }

    public static DifferentiableFunction Of(Type type, string name, params double[][] points) => new(type, name, points);

    public override string ToString() => Name;

    public double Value(double[] point) => ToDouble(Primal.Invoke(null, Arguments(point))!);

    /// <summary>The primal as a function of parameter <paramref name="index"/> alone, the others held at the point.</summary>
    public Func<double, double> Along(double[] point, int index) => x =>
    {
        var moved = (double[])point.Clone();
        moved[index] = x;
        return Value(moved);
    };

    public (double Value, double[] Gradient) ValueAndGradient(double[] point)
    {
        var args = Arguments(point).Concat(Differentiable.Select(_ => Zero())).ToArray();
        var value = ToDouble(Gradient.Invoke(null, args)!);
        return (value, Differentiable.Select((_, k) => ToDouble(args[Parameters.Length + k])).ToArray());
    }

    /// <summary>Calls the pullback with <paramref name="adjoints"/> as the starting adjoints; returns the value and the final adjoints.</summary>
    public (double Value, double[] Adjoints) PullbackFrom(double[] point, double seed, double[] adjoints)
    {
        var args = Arguments(point).Append(Real(seed)).Concat(adjoints.Select(Real)).ToArray();
        var value = ToDouble(Pullback.Invoke(null, args)!);
        return (value, Differentiable.Select((_, k) => ToDouble(args[Parameters.Length + 1 + k])).ToArray());
    }

    public (double Value, double Tangent) PushforwardAlong(double[] point, double[] tangents)
    {
        var args = Arguments(point).Concat(tangents.Select(Real)).ToArray();
        var result = (ITuple)Pushforward.Invoke(null, args)!;
        return (ToDouble(result[0]!), ToDouble(result[1]!));
    }

    /// <summary>The expected name of the adjoint or tangent of a parameter: prefix + PascalCase name.</summary>
    public static string DerivativeName(string prefix, string? parameter) =>
        string.IsNullOrEmpty(parameter) ? prefix : prefix + char.ToUpperInvariant(parameter[0]) + parameter[1..];

    /// <summary>
    /// The expected names of the differentiable parameters' adjoints (<paramref name="prefix"/> "d") or tangents ("t"),
    /// in order: <see cref="DerivativeName"/>, or where that is a parameter's, the method's or an earlier one's name, the
    /// first free one with 2, 3, … appended.
    /// </summary>
    public string[] DerivativeNames(string prefix)
    {
        var taken = new HashSet<string>(Parameters.Select(p => p.Name!), StringComparer.Ordinal) { Primal.Name };
        return Differentiable.Select(j =>
        {
            var name = DerivativeName(prefix, Parameters[j].Name);
            var free = name;
            for (var k = 2; taken.Contains(free); k++)
            {
                free = name + k.ToString(CultureInfo.InvariantCulture);
            }

            taken.Add(free);
            return free;
        }).ToArray();
    }

    private object[] Arguments(double[] point)
    {
        if (point.Length != Parameters.Length)
        {
            throw new ArgumentException($"{Name} takes {Parameters.Length} arguments; the point has {point.Length}.");
        }

        return Parameters.Select((p, i) => Convert(point[i], p.ParameterType)).ToArray();
    }

    private object Real(double value) => IsFloat ? (object)(float)value : value;

    private object Zero() => Real(0);

    private static object Convert(double value, Type type) =>
        type == typeof(double) ? value
        : type == typeof(float) ? (float)value
        : type == typeof(int) ? checked((int)value)
        : type == typeof(bool) ? value != 0
        : throw new NotSupportedException(type.Name);

    private static double ToDouble(object value) => System.Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static bool IsDifferentiable(ParameterInfo p) =>
        (p.ParameterType == typeof(double) || p.ParameterType == typeof(float)) && p.GetCustomAttribute<NoDerivativeAttribute>() is null;

    private static MethodInfo Find(Type type, string name) =>
        type.GetMethod(name, Static) ?? throw new MissingMethodException(type.FullName, name);
}
