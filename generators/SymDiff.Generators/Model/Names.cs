using Microsoft.CodeAnalysis.CSharp;

namespace SymDiff.Generators.Model;

/// <summary>
/// Naming conventions of the generated API, the one place that spells them: the members generated for a method
/// <c>F</c> (<c>FGradient</c>, <c>FPullback</c>, <c>FPushforward</c>, <c>FPushforwardN</c>, <c>FJacobian</c>, <c>FBatch</c>,
/// <c>FPullbackBatch</c>, <c>FPullbackBatchParallel</c>, and with ILGPU <c>FGpuForward</c>, <c>FGpuBackward</c> and
/// their kernels); adjoints are <c>d</c> + PascalCase, tangents <c>t</c> +
/// PascalCase.
/// </summary>
internal static class Names
{
    /// <summary>The C# keyword of a scalar type.</summary>
    public static string TypeKeyword(ScalarKind kind) => kind switch
    {
        ScalarKind.Double => "double",
        ScalarKind.Float => "float",
        ScalarKind.Int => "int",
        _ => "bool",
    };

    public const string GradientSuffix = "Gradient";
    public const string PullbackSuffix = "Pullback";
    public const string PushforwardSuffix = "Pushforward";
    public const string PushforwardNSuffix = PushforwardSuffix + "N";
    public const string JacobianSuffix = "Jacobian";
    public const string JacobianForwardSuffix = JacobianSuffix + "Forward";
    public const string JacobianReverseSuffix = JacobianSuffix + "Reverse";
    public const string BatchSuffix = "Batch";
    public const string PullbackBatchSuffix = PullbackSuffix + BatchSuffix;
    public const string PullbackBatchParallelSuffix = PullbackBatchSuffix + "Parallel";

    /// <summary>The fused value-and-gradient member of <paramref name="method"/>.</summary>
    public static string Gradient(string method) => method + GradientSuffix;

    /// <summary>The reverse-mode member (vector-Jacobian product) of <paramref name="method"/>.</summary>
    public static string Pullback(string method) => method + PullbackSuffix;

    /// <summary>The forward-mode member (Jacobian-vector product) of <paramref name="method"/>.</summary>
    public static string Pushforward(string method) => method + PushforwardSuffix;

    /// <summary>Vector forward mode of <paramref name="method"/>: the pushforwards of any number of tangent directions, several per sweep.</summary>
    public static string PushforwardN(string method) => method + PushforwardNSuffix;

    /// <summary>The dense Jacobian member of a vector-valued <paramref name="method"/>.</summary>
    public static string Jacobian(string method) => method + JacobianSuffix;

    /// <summary>The dense Jacobian of <paramref name="method"/> by forward mode, a pushforward per input element.</summary>
    public static string JacobianForward(string method) => method + JacobianForwardSuffix;

    /// <summary>The dense Jacobian of <paramref name="method"/> by reverse mode, a reverse sweep per output element.</summary>
    public static string JacobianReverse(string method) => method + JacobianReverseSuffix;

    /// <summary>The batched (SIMD) primal kernel of <paramref name="method"/>.</summary>
    public static string Batch(string method) => method + BatchSuffix;

    /// <summary>The batched (SIMD) pullback kernel of <paramref name="method"/>.</summary>
    public static string PullbackBatch(string method) => method + PullbackBatchSuffix;

    /// <summary>The Hessian-vector product member of <paramref name="method"/> (reverse over forward).</summary>
    public static string HessianVectorProduct(string method) => method + "HessianVectorProduct";

    /// <summary>The reverse mode of <paramref name="method"/>'s pushforward, over its inputs and tangents (what a caller's second derivatives call).</summary>
    public static string PushforwardPullback(string method) => method + "PushforwardPullback";

    /// <summary>The dense Hessian member of <paramref name="method"/>.</summary>
    public static string Hessian(string method) => method + "Hessian";

    /// <summary>The ILGPU kernel of <paramref name="method"/>'s values, one element per thread.</summary>
    public static string GpuForwardKernel(string method) => method + "GpuForwardKernel";

    /// <summary>The ILGPU kernel of <paramref name="method"/>'s pullback, one element per thread.</summary>
    public static string GpuBackwardKernel(string method) => method + "GpuBackwardKernel";

    /// <summary>The per-example ILGPU kernel of <paramref name="method"/>'s pullback that adds into the shared adjoints atomically.</summary>
    public static string GpuBackwardAtomicKernel(string method) => method + "GpuBackwardAtomicKernel";

    /// <summary>
    /// The ILGPU kernel that sums a range of partial sums (the adjoint of a <c>[Broadcast]</c> parameter), for values of
    /// <paramref name="kind"/> when the method sums more than one type: a member of the method's kernel cache class,
    /// since it is the same for every method and overloads would otherwise define it twice.
    /// </summary>
    public static string GpuSumKernel(string kind = "") => "GpuSum" + kind + "Kernel";

    /// <summary>The host launcher of <see cref="GpuForwardKernel"/>.</summary>
    public static string GpuForward(string method) => method + "GpuForward";

    /// <summary>The host launcher of <see cref="GpuBackwardKernel"/>.</summary>
    public static string GpuBackward(string method) => method + "GpuBackward";

    /// <summary>
    /// The name in PascalCase, from a name as written in code: a verbatim <c>@</c> is dropped, since <c>@in</c>'s
    /// adjoint is <c>dIn</c>.
    /// </summary>
    public static string Pascal(string name)
    {
        name = Unescaped(name);
        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }

    public static string Adjoint(string name) => "d" + Pascal(name);

    public static string Tangent(string name) => "t" + Pascal(name);

    /// <summary>
    /// A user's name as generated code must print it: keywords (<c>in</c>, <c>return</c>, <c>this</c>, …) get the
    /// verbatim <c>@</c> they had in the user's code, or the generated code would not parse.
    /// </summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>The name without its verbatim <c>@</c>, as doc comments and messages show it.</summary>
    public static string Unescaped(string name) => name.StartsWith("@", StringComparison.Ordinal) ? name.Substring(1) : name;
}
