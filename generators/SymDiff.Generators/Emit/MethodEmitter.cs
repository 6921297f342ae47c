using SymDiff.Generators.Differentiation;
using SymDiff.Generators.Model;

namespace SymDiff.Generators.Emit;

/// <summary>
/// Emits the derivative members of one method into a partial of its type: the first-order members, <c>{F}Gradient</c>,
/// <c>{F}Pullback</c>, <c>{F}Pushforward</c> and the rest, by <see cref="MemberEmitter"/> for every kind of body, then the
/// second-order members when a caller or the method asks for them.
/// </summary>
internal static class MethodEmitter
{
    /// <param name="input">The method and its resolved calls.</param>
    /// <param name="docFormulas">
    /// False (<c>SymDiffDocFormulas=false</c>) leaves out the formula remarks and <c>[DerivativeFormula]</c>: they are
    /// a large share of the generated text and only readers and tools that print them need them.
    /// </param>
    /// <param name="simdLoops">False (<c>SymDiffSimdLoops=false</c>) keeps every loop of the generated members as written (no <c>Vector512</c> or <c>Vector256</c> loops).</param>
    public static string Emit(EmitInput input, bool docFormulas = true, bool simdLoops = true)
    {
        var method = input.Method;
        var w = new IndentedWriter();
        w.Outlined.Tag = HintNames.SignatureHash(method);
        using (Declarations.Open(w, method, "Derivatives"))
        {
            MemberEmitter.Emit(w, input, simdLoops, docFormulas);
            if (input.HasHessian)
            {
                w.Line();
                Hessian(w, input, simdLoops);
            }

            // The private methods long bodies were split into (DerivativePrinter), after the members that call them.
            w.Outlined.WriteTo(w);
        }

        return w.ToString();
    }

    /// <summary>
    /// The second-order members (<see cref="MemberEmitter.EmitHessian"/>): a body of scalars that calls others is
    /// differentiated again as a program (<see cref="SecondOrder.Program"/>: second derivatives through a call come from
    /// the callee's tangent program); one that calls nothing as its island with a lane of tangents.
    /// </summary>
    private static void Hessian(IndentedWriter w, EmitInput input, bool simdLoops)
    {
        var method = input.Method;
        var program = method.Loops is null ? SecondOrder.Program(method) : null;
        MemberEmitter.EmitHessian(w, program is null ? input : input with { Method = method with { Body = program } }, simdLoops);
    }
}
