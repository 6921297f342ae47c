using SymDiff;

namespace SymDiff.Gpu.Tests;

/// <summary>
/// Methods with batched kernels, compiled with ILGPU and ILGPU.Algorithms referenced, so the generator adds their ILGPU
/// kernels and launchers (<c>{F}GpuForward</c>, <c>{F}GpuBackward</c>) as it would in a user's project.
/// </summary>
public static partial class Models
{
    [Differentiable(Batch = true)]
    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    /// <summary>A parametric ReLU: its [Broadcast] slope's adjoint is summed over the elements on the device.</summary>
    [Differentiable(Batch = true)]
    public static float PRelu(float z, [Broadcast] float slope) => z >= 0f ? z : slope * z;

    /// <summary>Two [Broadcast] parameters next to per-element data, in double.</summary>
    [Differentiable(Batch = true)]
    public static double Tempered(double x, [Broadcast] double gain, [Broadcast] double temperature, [NoDerivative(PerElement = true)] double weight) =>
        weight * temperature * Math.Log(1 + Math.Exp(gain * x / temperature));

    /// <summary>Branches, Min/Max/Clamp (Math.Clamp may throw, so kernels spell it Min(Max(…))), a broadcast scalar.</summary>
    [Differentiable(Batch = true)]
    public static double Mix(double x, double y, [NoDerivative] double k)
    {
        double s = Math.Clamp(x * y, -1.0, 1.0) + Math.Tanh(k * x);
        if (x > y)
        {
            s += x * x;
        }
        else
        {
            s -= Math.Sin(y) * Math.Max(x, 0.25);
        }

        return s / (1 + Math.Min(y * y, 4.0));
    }

    /// <summary>Single precision, as networks train.</summary>
    [Differentiable(Batch = true)]
    public static float Gelu(float x) => 0.5f * x * (1 + MathF.Tanh(0.7978846f * (x + 0.044715f * x * x * x)));

    /// <summary>A per-element data parameter (a view), an integer broadcast, and Math.Sign (which throws on NaN, so kernels spell it as comparisons).</summary>
    [Differentiable(Batch = true)]
    public static double PowerLoss(double prediction, [NoDerivative(PerElement = true)] double target, [NoDerivative] int power)
    {
        double d = prediction - target;
        return Math.Pow(Math.Sign(d) * d + 1e-3, power) + Math.Atan2(prediction, 1 + target * target);
    }

    /// <summary>A kernel calls its callees' C# members (Softplus and its Gradient), compiled by ILGPU along with it.</summary>
    [Differentiable(Batch = true)]
    public static double CallsSoftplus(double x, double y) => Softplus(x * y) * x + Scaled(y);

    /// <summary>Two levels of calls, the inner one a branch.</summary>
    [Differentiable]
    public static double Scaled(double y) => y > 0 ? Softplus(y) : y * y;

    /// <summary>
    /// Functions of double only (ExpM1, LogP1, Exp2, Hypot) and IEEERemainder: kernels spell them with the Math functions
    /// ILGPU maps (eˣ − 1, ln(1 + x), 2ˣ, √(x² + y²), x − y·round(x/y)).
    /// </summary>
    [Differentiable(Batch = true)]
    public static double NumberTypeFunctions(double x, double y) =>
        double.Hypot(x, y) + double.ExpM1(0.3 * x) + double.LogP1(y * y) + 0.1 * double.Exp2(x) + Math.IEEERemainder(3 * x, 1.7);

    /// <summary>Calls a method whose body uses Math.Clamp (which may throw, so not kernel code): SD0028, no GPU members.</summary>
    [Differentiable(Batch = true)]
    public static double CallsClamped(double x) => Clamped(x) * x;

    [Differentiable]
    public static double Clamped(double x) => Math.Clamp(x, -1.0, 1.0);
}

/// <summary>Kernels of a method in an internal type: ILGPU's CPU accelerator calls them from its own dynamic assembly.</summary>
internal static partial class InternalModels
{
    [Differentiable(Batch = true)]
    internal static double Square(double x) => x * x;
}
