using SymDiff.Generators.Model;

namespace SymDiff.Generators.Differentiation;

/// <summary>
/// The storage a member body declares up front for the sweeps it runs (<see cref="ReversePass"/>,
/// <see cref="JacobianPass"/>): the method's locals and the adjoints that are not parameters, named by the member. They
/// are declared before the sweeps so that both see them, and so that a long sweep's parts know their types.
/// </summary>
internal static class MemberLocals
{
    /// <summary>How a local starts.</summary>
    public enum Start : byte
    {
        /// <summary>A scalar, 0.</summary>
        Zero,

        /// <summary>A span, empty until the sweep allocates it.</summary>
        EmptySpan,

        /// <summary>A heap array (passed to a callee's array parameter), empty until the sweep allocates it.</summary>
        EmptyArray,

        /// <summary>A zeroed scratch span of the length of span <see cref="Local.LengthOf"/> (a span output's adjoint).</summary>
        ZerosLike,
    }

    /// <summary>A local named <see cref="Name"/> of element type <see cref="Type"/>, starting as <see cref="From"/>.</summary>
    public sealed record Local(string Name, ScalarKind Type, Start From, string? LengthOf = null);

    /// <summary>The declarations of <paramref name="locals"/> in <paramref name="program"/>, in order.</summary>
    public static IEnumerable<DStmt> Declare(DerivativeProgram program, IEnumerable<Local> locals)
    {
        foreach (var local in locals)
        {
            var var = program.Named(local.Name, local.Type, isArray: local.From != Start.Zero);
            yield return local.From switch
            {
                Start.Zero => new DDeclare(var, DeclareForm.Typed, new LConst(local.Type, 0)),
                Start.EmptySpan => new DDeclare(var, DeclareForm.EmptySpan),
                Start.EmptyArray => new DDeclare(var, DeclareForm.EmptyArray),
                _ => new DDeclare(var, DeclareForm.Inferred, new LZeros(local.Type, new LLength(program.Named(local.LengthOf!, local.Type, isArray: true)))),
            };
        }
    }

    /// <summary>
    /// Copies each span output's incoming contents into its start buffer (a zeroed scratch span of the output's length,
    /// declared here) at the end of <paramref name="program"/>'s body, and returns the copies back, which a member that
    /// runs the body several times (a Jacobian's rows or groups of columns, the sweeps of a vector pushforward) runs
    /// before each run: a body may read an output before writing it.
    /// </summary>
    public static List<DStmt> SaveOutputs(DerivativeProgram program, IEnumerable<(int Output, int Start, ScalarKind Type)> outputs)
    {
        var back = new List<DStmt>();
        foreach (var (output, start, type) in outputs)
        {
            program.Body.Add(new DDeclare(start, DeclareForm.Inferred, new LZeros(type, new LLength(output))));
            program.Body.Add(new DCopy(output, start));
            back.Add(new DCopy(start, output));
        }

        return back;
    }
}
