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
}
