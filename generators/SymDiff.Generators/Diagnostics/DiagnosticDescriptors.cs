using Microsoft.CodeAnalysis;

namespace SymDiff.Generators.Diagnostics;

/// <summary>
/// Every diagnostic SymDiff reports. Each ID has a page <c>docs/diagnostics/{ID}.md</c>, in the repository (where its
/// help link points) and in the package (under <c>docs/diagnostics/</c>).
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>The folder of the diagnostic pages in the repository the package declares (<see cref="Repository.Url"/>).</summary>
    public const string HelpLinkBase = Repository.Url + "/blob/main/docs/diagnostics/";

    private const string Category = "SymDiff";

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "SD0001",
        "Containing type must be partial",
        "'{0}' contains the [Differentiable] method '{1}' but is not partial; SymDiff adds the derivatives to it. Add the 'partial' modifier to '{0}'.");

    public static readonly DiagnosticDescriptor MethodNotStatic = Error(
        "SD0002",
        "Differentiable method must be static",
        "[Differentiable] method '{0}' is not static; derivatives are generated for static methods only. Make it static and pass any state it reads as parameters.");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "SD0003",
        "Unsupported return type",
        "[Differentiable] method '{0}' returns '{1}'; SymDiff differentiates methods that return double or float");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Error(
        "SD0004",
        "Unsupported parameter",
        "Parameter '{0}' of '{1}' is not supported: {2}");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error(
        "SD0005",
        "Unsupported statement",
        "SymDiff cannot differentiate this {0} in '{1}': {2}");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error(
        "SD0006",
        "Unsupported expression",
        "SymDiff cannot differentiate the expression '{0}' in '{1}': {2}");

    public static readonly DiagnosticDescriptor NonDifferentiableCall = Error(
        "SD0007",
        "Call to a method without a derivative",
        "'{1}' calls '{0}', which is neither [Differentiable] nor has a [DerivativeOf] derivative. {2}");

    public static readonly DiagnosticDescriptor RecursiveCall = Error(
        "SD0008",
        "Recursive differentiable call",
        "'{0}' calls itself (through {1}); SymDiff does not differentiate recursion. Unroll it, or give one method of the cycle a [DerivativeOf] derivative.");

    public static readonly DiagnosticDescriptor ConstantResult = Warning(
        "SD0009",
        "Result does not depend on differentiable parameters",
        "The result of '{0}' does not depend on any differentiable parameter, so every derivative SymDiff generates for it is identically zero");

    public static readonly DiagnosticDescriptor InvalidCustomDerivative = Error(
        "SD0010",
        "Custom derivative has the wrong signature",
        "[DerivativeOf] method '{0}' does not match '{1}': {2}. Expected a pullback '{3}' or a pushforward '{4}'.");

    public static readonly DiagnosticDescriptor CustomDerivativeTargetNotFound = Error(
        "SD0011",
        "Custom derivative target not found",
        "[DerivativeOf] on '{0}' names '{1}', but '{2}' has no static method of that name");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "SD0012",
        "Generic differentiable method",
        "[Differentiable] method '{0}' is generic; SymDiff differentiates methods over double or float. Write one method per element type.");

    public static readonly DiagnosticDescriptor MissingBody = Error(
        "SD0013",
        "Differentiable method has no body",
        "[Differentiable] method '{0}' has no body to differentiate (abstract, extern or partial without implementation); supply its derivative with [DerivativeOf] instead");

    public static readonly DiagnosticDescriptor DuplicateCustomDerivative = Error(
        "SD0014",
        "Duplicate custom derivative",
        "'{0}' already has a custom {1} ('{2}'); remove one of them");

    public static readonly DiagnosticDescriptor ActiveIndex = Error(
        "SD0015",
        "Index depends on a floating-point value",
        "The index '{0}' in '{1}' is computed from a floating-point value; indices must be int expressions of int parameters, locals and loop counters, so that the derivative does not depend on which element is chosen");

    public static readonly DiagnosticDescriptor UnsupportedArray = Error(
        "SD0016",
        "Unsupported array or span use",
        "SymDiff cannot differentiate this use of '{0}' in '{1}': {2}");

    public static readonly DiagnosticDescriptor WriteToInput = Error(
        "SD0017",
        "Write to an input array",
        "'{1}' writes to '{0}', which is an input; only Span<T> output parameters and local buffers (new T[n], stackalloc) can be written. Copy the input into a local buffer first.");

    public static readonly DiagnosticDescriptor CheckpointWithoutLoop = Warning(
        "SD0018",
        "[Checkpoint] has no loop to checkpoint",
        "'{0}' has [Checkpoint] but no loop; checkpointing applies to loops, so the attribute has no effect");

    public static readonly DiagnosticDescriptor CheckpointSegment = Error(
        "SD0019",
        "[Checkpoint] segment length must be positive",
        "[Checkpoint(Every = {0})] on '{1}': the number of iterations per segment must be at least 1 (or 0 for the default)");

    public static readonly DiagnosticDescriptor FileLocalType = Error(
        "SD0020",
        "Containing type is file-local",
        "'{0}' is a file-local type ('file'), so SymDiff cannot add the derivatives of '{1}' to it: every part of a file-local partial type must be in one file, and generated code is in files of its own. Remove 'file' from '{0}' (internal or private keeps it hidden).");

    public static readonly DiagnosticDescriptor GeneratedMemberCollision = Error(
        "SD0021",
        "Generated member collides with another member",
        "SymDiff would generate '{1}' for '{0}', which has the same name and parameter types as {2} (C# cannot overload on return types or on ref against out). Rename one of them; nothing is generated for '{0}' until then.");

    public static readonly DiagnosticDescriptor OutputReadBeforeWrite = Error(
        "SD0023",
        "A span output is read before it is written",
        "'{1}' may read '{0}' before writing it: '{0}' is a Span<T> that '{1}' writes, so it is an output and the values it holds on entry are not differentiated. Pass inputs as ReadOnlySpan<T> (or T[]) and keep intermediate values in a local buffer (stackalloc or new T[n]), writing '{0}' from it.");

    public static readonly DiagnosticDescriptor CallToRejectedMethod = Error(
        "SD0022",
        "Call to a differentiable method SymDiff rejected",
        "'{1}' calls '{0}', which is [Differentiable] but gets no derivatives (see the diagnostics on '{0}'), so '{1}' cannot be differentiated either. Fix '{0}', supply its derivative with [DerivativeOf(nameof({0}))], or pass its result in as a [NoDerivative] parameter.");

    public static readonly DiagnosticDescriptor NestedTooDeeply = Error(
        "SD0024",
        "Expression nested too deeply to differentiate",
        "This code in '{0}' is nested too deeply to differentiate ({1}); split it into locals");

    public static readonly DiagnosticDescriptor DerivativeDropped = Warning(
        "SD0025",
        "A derivative stops at a [NoDerivative] parameter",
        "'{0}' passes a value that depends on its differentiable inputs to '{1}', whose parameter '{2}' is [NoDerivative]: '{1}' has no derivative with respect to '{2}', so the derivative through this argument is dropped. Remove [NoDerivative] from '{2}' if it should flow, or pass a value computed from [NoDerivative] data only.");

    public static readonly DiagnosticDescriptor UnknownOptionValue = Warning(
        "SD0026",
        "Unknown value for a SymDiff option",
        "The {0} is '{1}', which SymDiff does not accept (it takes {2}); {3}");

    public static readonly DiagnosticDescriptor GpuWithoutAlgorithms = Info(
        "SD0027",
        "ILGPU is referenced without ILGPU.Algorithms",
        "The project references ILGPU but not ILGPU.Algorithms, so SymDiff emits no GPU kernels: their math functions (Exp, Log, Tanh, …) compile for GPUs only with ILGPU.Algorithms. Add a PackageReference to ILGPU.Algorithms (the same version as ILGPU) to get them.");

    public static readonly DiagnosticDescriptor NoGpuKernel = Info(
        "SD0028",
        "Method gets no GPU kernels",
        "'{0}' gets no GPU kernels: {1}. Its CPU members and batched kernels are generated as usual.");

    public static readonly DiagnosticDescriptor HessianUnsupported = Error(
        "SD0029",
        "Hessian members cannot be generated for this method",
        "'{0}' asks for second derivatives ([Differentiable(Hessian = true)]) but gets no {0}Hessian or {0}HessianVectorProduct: {1}. Remove 'Hessian = true', or remove what stands in the way (a callee without second derivatives can ask for them too).");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "SD0099",
        "SymDiff internal error",
        "SymDiff failed to generate derivatives for '{0}': {1}. Please report this with the method's source.");

    /// <summary>
    /// Every descriptor, the analyzer's <c>SupportedDiagnostics</c>. It reports what discovery finds method by method
    /// (most of them); the generator keeps what needs all methods at once (an overload's colliding generated members,
    /// callers of rejected methods, cycles) and what it alone reads (an option's unknown value, once per compilation).
    /// </summary>
    public static System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All { get; } = System.Collections.Immutable.ImmutableArray.Create(
        ContainingTypeNotPartial, MethodNotStatic, UnsupportedReturnType, UnsupportedParameter, UnsupportedStatement, UnsupportedExpression,
        NonDifferentiableCall, RecursiveCall, ConstantResult, InvalidCustomDerivative, CustomDerivativeTargetNotFound, GenericMethod, MissingBody,
        DuplicateCustomDerivative, ActiveIndex, UnsupportedArray, WriteToInput, CheckpointWithoutLoop, CheckpointSegment, FileLocalType,
        GeneratedMemberCollision, CallToRejectedMethod, OutputReadBeforeWrite, NestedTooDeeply, DerivativeDropped, UnknownOptionValue, GpuWithoutAlgorithms, NoGpuKernel, HessianUnsupported, InternalError);

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

    private static DiagnosticDescriptor Info(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
