namespace SymDiff;

/// <summary>
/// Excludes a parameter of a <see cref="DifferentiableAttribute"/> method from differentiation: it gets no
/// adjoint and no tangent, and gradients do not flow into it (it is treated as a constant, like data).
/// </summary>
/// <remarks>
/// In the batched kernels (<c>{Name}Batch</c>, <c>{Name}PullbackBatch</c>) such a parameter stays one scalar
/// broadcast to every element (a slope, a temperature). Set <see cref="PerElement"/> for data that differs per
/// element, such as a loss's target.
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
    /// <summary>
    /// When true, the batched kernels take this parameter as a <see cref="ReadOnlySpan{T}"/> aligned with the
    /// differentiable inputs (one value per element) instead of one broadcast scalar. It still gets no adjoint.
    /// The scalar derivatives are unaffected. On a method with loops or spans, in a project referencing ILGPU,
    /// ILGPU.Algorithms and SymDiff.Gpu, it marks per-example data: the method gets per-example GPU kernels
    /// (<c>{Name}GpuForward</c>, <c>{Name}GpuBackward</c>), one example per thread, whose views hold every example's value
    /// (or span, back to back) of this parameter while the other parameters are shared.
    /// </summary>
    public bool PerElement { get; set; }
}
