
namespace SymDiff.Generators.Model;

/// <summary>A parameter of a differentiable method. Only <see cref="IsDifferentiable"/> ones get adjoints and tangents.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="TypeName">The parameter's type as written in generated code (fully qualified).</param>
/// <param name="Kind">Its scalar kind, or <see langword="null"/> for a type the body only passes through.</param>
/// <param name="IsDifferentiable">True for <c>double</c>/<c>float</c> parameters without <c>[NoDerivative]</c>.</param>
/// <param name="IsPerElement">True for <c>[NoDerivative(PerElement = true)]</c>: a span, not a broadcast scalar, in the batched kernels.</param>
/// <param name="IsArray">True for spans and arrays (<see cref="Kind"/> is then the element type).</param>
/// <param name="IsOutput">True for a <c>Span&lt;T&gt;</c> the method writes: a vector-valued result.</param>
/// <remarks>
/// <see cref="Name"/> is the name as code must print it (a keyword keeps its <c>@</c>). <see cref="Adjoint"/>,
/// <see cref="Tangent"/> and <see cref="Seed"/> are the names of the parameters the generated members add for it: by the
/// public convention (<c>dX</c>, <c>tX</c>, <c>seedX</c>) unless that is taken, then with a digit (see <c>GeneratedNames</c>).
/// </remarks>
internal sealed record ParamModel(string Name, string TypeName, ScalarKind? Kind, bool IsDifferentiable, bool IsPerElement = false, bool IsArray = false, bool IsOutput = false)
{
    /// <summary>The name of its adjoint in <c>Gradient</c>, <c>Pullback</c>, <c>Jacobian</c> and the batched kernels.</summary>
    public string Adjoint { get; init; } = Names.Adjoint(Name);

    /// <summary>The name of its tangent in <c>Pushforward</c>.</summary>
    public string Tangent { get; init; } = Names.Tangent(Name);

    /// <summary>For a span output: the name of its seed (its adjoint coming in) in <c>Pullback</c>.</summary>
    public string Seed { get; init; } = "seed" + Names.Pascal(Name);

    /// <summary>
    /// True for a two-dimensional array (<c>double[,]</c>): an input read in place through a row-major span of all its
    /// elements. Its adjoint and tangent are spans of that layout (<see cref="IsArray"/> is true too).
    /// </summary>
    public bool IsMatrix { get; init; }

    /// <summary>
    /// True for a differentiable scalar marked <c>[Broadcast]</c>: one value for every element of the batched kernels,
    /// whose adjoint <c>PullbackBatch</c> reduces (sums) over the elements.
    /// </summary>
    public bool IsBroadcast { get; init; }

    /// <summary>True when the batched kernels take it as a span, one value per element: differentiable and not <c>[Broadcast]</c>, or per-element data.</summary>
    public bool IsBatchSpan => IsDifferentiable && !IsBroadcast || IsPerElement;
}

/// <summary>A containing type declaration, outermost first, re-opened by the generated partial.</summary>
internal sealed record TypeDeclModel(string Keyword, string NameWithTypeParameters, bool IsStatic);

/// <summary>
/// A call from a differentiable body to a user method. Which derivative the call uses (the callee's generated
/// <c>Gradient</c>, or a custom pullback/pushforward) is decided when the custom-derivative registry is known. Where
/// the call is written is in the caller's <see cref="MethodSites"/>, at the same index.
/// </summary>
/// <param name="TypeName">The callee's containing type, fully qualified with <c>global::</c>.</param>
/// <param name="MethodName">The callee's name.</param>
/// <param name="Parameters">The callee's parameters (differentiability per its own attributes).</param>
/// <param name="ReturnKind">The callee's return type.</param>
/// <param name="IsDifferentiable">True when the callee carries <c>[Differentiable]</c>.</param>
/// <param name="ReturnsVoid">True for a callee that returns nothing (it writes a span output).</param>
/// <param name="IsPassive">True when no argument depends on a differentiable value: the call is made as written.</param>
/// <param name="SourceKey">The callee's key in the call graph when it is declared in this compilation (its generated members then exist only if SymDiff accepts it); null otherwise.</param>
internal sealed record CallModel(
    string TypeName,
    string MethodName,
    EquatableArray<ParamModel> Parameters,
    ScalarKind ReturnKind,
    bool IsDifferentiable,
    bool ReturnsVoid = false,
    bool IsPassive = false,
    string? SourceKey = null)
{
    /// <summary>
    /// The element of the pair the member returns that is the call's value (1: the <c>Tangent</c> of a pushforward, which
    /// a tangent program calls); -1 when the member returns the value itself.
    /// </summary>
    public int Element { get; init; } = -1;

    /// <summary>
    /// For a caller that asks for Hessians, a callee with a custom <c>[DerivativeOf]</c> derivative: that derivative as a
    /// program SymDiff differentiates again (<see cref="Lowering.CustomTangents"/>); null otherwise.
    /// </summary>
    public CustomTangent? CustomTangent { get; init; }

    /// <summary>Why a callee's custom derivative cannot be differentiated again (SD0029 of a caller that asks for Hessians); null otherwise.</summary>
    public string? CustomTangentObstacle { get; init; }

    /// <summary>
    /// True when the callee carries <c>[Checkpoint]</c>: reverse mode recomputes it (its pullback in the reverse
    /// sweep) rather than recording its partials at the call (<see cref="Differentiation.RecordedCalls"/>).
    /// </summary>
    public bool IsCheckpointed { get; init; }
}

/// <summary>
/// A custom derivative lowered as a program over its own parameters (see <see cref="Lowering.CustomTangents"/>).
/// <see cref="Inputs"/> are the primal's parameters' variables, in order. A pullback's body, run with <see cref="Seed"/> 1
/// and <see cref="Partials"/> (one per differentiable parameter) at 0, leaves the partial derivatives in them; a
/// pushforward's computes <see cref="Result"/> from <see cref="Inputs"/> and <see cref="Tangents"/> (one per
/// differentiable parameter). Unused fields are -1 or empty.
/// </summary>
internal sealed record CustomTangent(LoopProgram Program, EquatableArray<int> Inputs, int Seed, EquatableArray<int> Partials, EquatableArray<int> Tangents, int Result);

/// <summary>
/// The lowered form of one <c>[Differentiable]</c> method: its signature, containing types and its body, a
/// <see cref="ScalarBody"/> or a <see cref="LoopProgram"/>. Plain data only (no symbols, syntax or compilation), so the
/// pipeline caches it by value.
/// Nothing here depends on where the method is in its file (its locations and its calls' are its
/// <see cref="MethodSites"/>), so a method that only moves keeps an equal model and nothing is emitted again.
/// </summary>
/// <remarks><see cref="FilePath"/> is its file, whose <c>.editorconfig</c> options apply to it.</remarks>
internal sealed record MethodModel(
    string? Namespace,
    EquatableArray<TypeDeclModel> ContainingTypes,
    string ContainingTypeFullName,
    string Name,
    string Accessibility,
    ScalarKind ReturnKind,
    EquatableArray<ParamModel> Parameters,
    MethodBody Body,
    EquatableArray<CallModel> Calls,
    string PrimalCref,
    string FilePath)
{
    /// <summary>The body of a method of scalars only (its program without loops); null for a <see cref="Loops"/> program.</summary>
    public ScalarBody? Scalar => Body as ScalarBody;

    /// <summary>The program of a method with loops, arrays or span outputs; null for a <see cref="Scalar"/> body.</summary>
    public LoopProgram? Loops => Body as LoopProgram;

    /// <summary>The program of the body, either kind (a body of scalars is a program without loops); null for a body not lowered.</summary>
    public LoopProgram? Program => Loops ?? Scalar?.Program;

    /// <summary>True when the project's language version has no file-scoped namespaces (before C# 10).</summary>
    public bool BlockNamespace { get; init; }

    /// <summary>
    /// The generated members (by name) that hide a member the type inherits, declared <c>new</c>
    /// (<see cref="Lowering.GeneratedMembers.Hidden"/>).
    /// </summary>
    public EquatableArray<string> Hides { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The primal's <c>[Obsolete(…)]</c> as generated members repeat it, or <see langword="null"/>.</summary>
    public string? Obsolete { get; init; }

    /// <summary>True when the body calls an obsolete member, which the derivatives call too.</summary>
    public bool CallsObsolete { get; init; }

    /// <summary>
    /// <c>[Differentiable(Batch = …)]</c> as written, or <see langword="null"/> when the attribute does not say: an
    /// explicit <c>false</c> keeps the method out of <c>SymDiffBatchKernels=all</c>, an absent one does not.
    /// </summary>
    public bool? Batch { get; init; }

    /// <summary>True when <c>[Differentiable(Hessian = true)]</c> asks for second derivatives.</summary>
    public bool Hessian { get; init; }

    /// <summary>
    /// True when <c>[Differentiable(PushforwardN = true)]</c> asks for vector forward mode (<c>{F}PushforwardN</c>); vector
    /// functions have it anyway (their forward-mode Jacobian is built on it).
    /// </summary>
    public bool PushforwardN { get; init; }

    /// <summary>A method gets batched kernels when every parameter is a scalar and one of them is differentiated.</summary>
    /// <remarks>At least one parameter must be a span (a differentiable one not <c>[Broadcast]</c>, or a per-element one): the spans give the kernels their length.</remarks>
    public bool HasKernels =>
        Loops is null && Parameters.All(p => p.Kind is not null && !p.IsArray) && Parameters.Any(p => p.IsDifferentiable)
        && Parameters.Any(p => p.IsBatchSpan);

    /// <summary>True when the method gets a <c>{F}PushforwardN</c> member: asked for, or a vector function.</summary>
    public bool HasPushforwardN => PushforwardN || Loops is { Result: < 0 };

    /// <summary>
    /// The short file name of this method's derivatives, without <c>.g.cs</c>: namespace, containing types and name
    /// (<c>Demo.Net.Sigmoid</c>). Overloads share it; <see cref="Emit.HintNames"/> tells them apart.
    /// </summary>
    public string ShortFileName => TypePart + "." + Name;

    /// <summary>
    /// The file name the <c>signature</c> style gives, without <c>.g.cs</c>: the short name and every parameter's kind
    /// (<c>Demo.Net.Unit_Double_Double_Double</c>). Distinct for overloads over different kinds, so it also identifies
    /// the method within its type; not unique by itself (names that differ only in case, duplicated methods).
    /// </summary>
    public string SignatureFileName
    {
        get
        {
            var paramPart = string.Join("_", Parameters.Select(p => (p.Kind?.ToString() ?? "Other") switch
            {
                var kind when !p.IsArray => kind,
                var kind when p.IsMatrix => $"Matrix{{{kind}}}",
                var kind when p.TypeName.EndsWith("[]", StringComparison.Ordinal) => $"Array{{{kind}}}",
                var kind => p.IsOutput ? $"Span{{{kind}}}" : $"ReadOnlySpan{{{kind}}}",
            }));
            return ShortFileName + (paramPart.Length == 0 ? string.Empty : "_" + paramPart);
        }
    }

    private string TypePart => ContainingTypeFullName.Replace("global::", string.Empty).Replace('<', '{').Replace('>', '}');
}

/// <summary>How a call site obtains its local partial derivatives.</summary>
internal enum CallStrategy : byte
{
    /// <summary>The callee's generated <c>{Name}Gradient</c>: value and partials in one sweep.</summary>
    Gradient,

    /// <summary>A user <c>[DerivativeOf]</c> pullback, called with seed 1.</summary>
    CustomPullback,

    /// <summary>A user <c>[DerivativeOf]</c> pushforward, called once per differentiable parameter.</summary>
    CustomPushforward,
}

/// <summary>
/// A call site's resolved derivative, decided once (by <see cref="Lowering.CallResolver"/>) for every mode, so that
/// every sweep and printer calls the same derivative: which members to call, and how.
/// </summary>
/// <param name="Strategy">How the derivative is obtained: the callee's generated members, or a user's custom derivative.</param>
/// <param name="TypeName">The type of <paramref name="MethodName"/>.</param>
/// <param name="MethodName">
/// What a fused sweep calls for the value and the partials at once: the callee's generated <c>Gradient</c>, the
/// user's custom pullback or pushforward, or the primal itself for a passive call.
/// </param>
/// <param name="Pullback">
/// The qualified member reverse mode calls with a seed and adjoints: the callee's generated <c>Pullback</c> or the
/// custom pullback; with only a custom pushforward, that pushforward (called once per differentiable argument).
/// </param>
/// <param name="Pushforward">
/// The qualified member forward mode calls with tangents: the callee's generated <c>Pushforward</c> or the custom
/// pushforward; with only a custom pullback, that pullback (called once per differentiable argument).
/// </param>
internal sealed record ResolvedCall(CallStrategy Strategy, string TypeName, string MethodName, string Pullback, string Pushforward)
{
    /// <summary>A call made as written (no derivative flows through it).</summary>
    public static ResolvedCall Passive(CallModel call) =>
        new(CallStrategy.Gradient, call.TypeName, call.MethodName, $"{call.TypeName}.{call.MethodName}", $"{call.TypeName}.{call.MethodName}");

    /// <summary>A user's <c>[DerivativeOf]</c> pullback or pushforward, for every mode.</summary>
    public static ResolvedCall Custom(CustomDerivativeModel custom)
    {
        var member = $"{custom.DerivativeTypeName}.{custom.DerivativeName}";
        return new(custom.Strategy, custom.DerivativeTypeName, custom.DerivativeName, member, member);
    }

    /// <summary>The callee's own generated members: <c>Gradient</c> fused, <c>Pullback</c> and <c>Pushforward</c> by mode.</summary>
    public static ResolvedCall Generated(CallModel call) => new(
        CallStrategy.Gradient,
        call.TypeName,
        Names.Gradient(call.MethodName),
        $"{call.TypeName}.{Names.Pullback(call.MethodName)}",
        $"{call.TypeName}.{Names.Pushforward(call.MethodName)}");
}

/// <summary>Everything the emitter needs for one method; equal inputs produce equal output, so emission caches.</summary>
internal sealed record EmitInput(MethodModel Method, EquatableArray<ResolvedCall> Calls)
{
    /// <summary>
    /// The first call of the body whose callee cannot run inside an ILGPU kernel, or <see langword="null"/> when every
    /// callee can (<see cref="Lowering.KernelCalls"/>): only then does the method get GPU kernels.
    /// </summary>
    public string? KernelBlockingCall { get; init; }

    /// <summary>
    /// Why a method that asks for second derivatives gets none (SD0029 says it on its name), decided once with the call
    /// graph (<see cref="Lowering.CallGraph.HessianObstacle"/>); null when it gets them or does not ask.
    /// </summary>
    public string? HessianObstacle { get; init; }

    /// <summary>True when the method gets Hessian members: it asks, and nothing stands in the way.</summary>
    public bool HasHessian => Method.Hessian && HessianObstacle is null;
}
