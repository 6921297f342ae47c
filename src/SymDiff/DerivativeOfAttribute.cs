namespace SymDiff;

/// <summary>
/// Declares a user-supplied derivative for a method SymDiff cannot see into (or whose derivative the user
/// wants to override). Put it on a pullback or a pushforward with the generated shapes:
/// <code>
/// static double Softplus(double x) => ...;
///
/// // Pullback: the primal's parameters, then the seed, then one ref adjoint per differentiable parameter.
/// [DerivativeOf(nameof(Softplus))]
/// static double SoftplusPullback(double x, double seed, ref double dX) { ... }
///
/// // Pushforward: the primal's parameters, then one tangent per differentiable parameter.
/// [DerivativeOf(nameof(Softplus))]
/// static (double Value, double Tangent) SoftplusPushforward(double x, double tX) { ... }
/// </code>
/// The target is looked up in the type that declares the derivative unless <see cref="TargetType"/> names
/// another type (for methods of types you do not own, such as a library's special functions).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    /// <summary>Targets a method of the declaring type.</summary>
    /// <param name="methodName">The primal method's name; use <c>nameof</c>.</param>
    public DerivativeOfAttribute(string methodName)
    {
        MethodName = methodName;
    }

    /// <summary>Targets a method of another type.</summary>
    /// <param name="targetType">The type that declares the primal.</param>
    /// <param name="methodName">The primal method's name; use <c>nameof</c>.</param>
    public DerivativeOfAttribute(Type targetType, string methodName)
    {
        TargetType = targetType;
        MethodName = methodName;
    }

    /// <summary>The primal method's name.</summary>
    public string MethodName { get; }

    /// <summary>The type that declares the primal, or <see langword="null"/> for the declaring type.</summary>
    public Type? TargetType { get; }
}
