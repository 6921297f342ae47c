namespace SymDiff;

/// <summary>
/// Marks a <c>static</c> method of a <c>partial</c> type whose derivatives SymDiff generates at compile time.
/// For a method <c>Loss</c> the generator emits <c>LossGradient</c> (value and gradient in one fused
/// forward+reverse sweep), <c>LossPullback</c> (reverse mode, vector-Jacobian product) and
/// <c>LossPushforward</c> (forward mode, Jacobian-vector product) next to it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
    /// <summary>
    /// Also emit batched SIMD kernels over spans (<c>{Name}Batch</c> and <c>{Name}BatchBackward</c>) for this
    /// method; only methods whose parameters are all scalars have them. Off by default, because the kernels are most
    /// of the generated code and of its compile time. The MSBuild property <c>SymDiffBatchKernels</c>
    /// (<c>all</c>/<c>none</c>) or <c>symdiff_batch_kernels = true|false</c> in an <c>.editorconfig</c> section
    /// overrides the default; <c>Batch = false</c> keeps a method out of <c>all</c>, and <c>none</c> (or
    /// <c>false</c> for the file) turns every kernel off.
    /// </summary>
    public bool Batch { get; set; }

    /// <summary>
    /// Also emit second derivatives: <c>{Name}HessianVectorProduct</c> (H·t by reverse mode over forward mode: one
    /// reverse sweep run over the forward-mode program, a small constant times a gradient), <c>{Name}Hessian</c> (the
    /// dense n×n Hessian over the differentiable inputs, a span counting one input per element; n such sweeps) and
    /// <c>{Name}PushforwardPullback</c> (what callers' second derivatives call through this method). Off by default;
    /// methods that do not ask for them pay nothing. Methods with loops, spans, branches and <c>[Checkpoint]</c> have
    /// them, through calls of methods that ask for them too and of methods with a <c>[DerivativeOf]</c> derivative
    /// SymDiff can differentiate again; SD0029 says why another method does not.
    /// </summary>
    public bool Hessian { get; set; }

    /// <summary>
    /// Also emit vector forward mode, <c>{Name}PushforwardN</c>: the directional derivatives along any number of tangent
    /// directions in one call, several directions per sweep (the primal and the partial derivatives are computed once
    /// for all of them), each equal to what <c>{Name}Pushforward</c> gives for that direction. Methods that return their
    /// result in spans (vector functions) always have it; their <c>{Name}JacobianForward</c> is built on it. Off by default
    /// for the others.
    /// </summary>
    public bool PushforwardN { get; set; }

    /// <summary>
    /// Whether a method with loops or spans that calls this one may inline it (the default) rather than call its
    /// generated members. Small callees are inlined so that the caller records what their reverse sweep needs instead of
    /// running their forward sweep again in their <c>Pullback</c> (a <c>Sigmoid</c> inside a recurrence); the rule is in
    /// the README ("Small callees are inlined"). <c>Inline = false</c> keeps every call a call: less generated code and
    /// a smaller tape, at the cost of the recomputation.
    /// </summary>
    public bool Inline { get; set; } = true;
}
